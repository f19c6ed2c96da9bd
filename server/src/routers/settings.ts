// The current tenant's settings: everyone reads them (builders need to know what a flow may
// call), owners and admins change them, and every change is audited.
import { TenantEntity } from '../db/entities.js';
import { actorOf, recordAudit } from '../services/audit.js';
import { settingsOf, TenantSettingsSchema } from '../tenants/settings.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { empty } from '../trpc/schemas.js';

export const settingsRouter = router({
  get: tenantProcedure.input(empty).query(async ({ ctx }) => {
    const tenant = await ctx.em.findOneOrFail(TenantEntity, { id: ctx.tenant.id });
    return settingsOf(tenant.settings);
  }),

  update: tenantProcedure.input(TenantSettingsSchema).mutation(async ({ ctx, input }) => {
    await ctx.em.transactional(async (tx) => {
      const tenant = await tx.findOneOrFail(TenantEntity, { id: ctx.tenant.id });
      const before = settingsOf(tenant.settings);
      tenant.settings = input;
      await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
        tenantId: ctx.tenant.id,
        action: 'tenant.settings_updated',
        targetType: 'tenant',
        targetId: ctx.tenant.id,
        data: { before, after: input },
      });
    });
    return input;
  }),
});
