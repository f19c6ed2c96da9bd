// The current tenant's settings: everyone reads them (builders need to know what a flow may
// call), owners and admins change them a section at a time, and every change is audited.
import { ConnectionEntity, TenantEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import { SLACK_WEBHOOK_CONNECTION } from '../notifications/slack-webhooks.js';
import { audit } from '../services/audit.js';
import { scopeOf } from '../services/scope.js';
import { settingsOf, TenantSettingsSchema } from '../tenants/settings.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { empty } from '../trpc/schemas.js';

/** The sections given replace those stored; the others stay as they are. */
const SettingsUpdate = TenantSettingsSchema.partial().refine(
  (sections) => Object.keys(sections).length > 0,
  'name at least one section: outbound or notifications',
);

export const settingsRouter = router({
  get: tenantProcedure.input(empty).query(async ({ ctx }) => {
    const tenant = await ctx.em.findOneOrFail(TenantEntity, { id: ctx.tenant.id });
    return settingsOf(tenant.settings);
  }),

  update: tenantProcedure.input(SettingsUpdate).mutation(async ({ ctx, input }) => {
    const slack = input.notifications?.slackConnectionId;
    if (slack) {
      const connection = await ctx.em.findOne(ConnectionEntity, {
        id: slack,
        tenantId: ctx.tenant.id,
      });
      if (connection?.type !== SLACK_WEBHOOK_CONNECTION)
        throw new AppError(
          'BAD_REQUEST',
          `notifications.slackConnectionId: not a connection of type ${SLACK_WEBHOOK_CONNECTION} in this workspace`,
        );
    }
    return ctx.em.transactional(async (tx) => {
      const tenant = await tx.findOneOrFail(TenantEntity, { id: ctx.tenant.id });
      const before = settingsOf(tenant.settings);
      const after = { ...before, ...input };
      tenant.settings = after;
      await audit(
        scopeOf(ctx),
        {
          action: 'tenant.settings_updated',
          targetType: 'tenant',
          targetId: ctx.tenant.id,
          data: { before, after },
        },
        tx,
      );
      return after;
    });
  }),
});
