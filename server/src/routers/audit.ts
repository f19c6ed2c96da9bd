// The audit log of the current tenant, newest first, filterable and paged by cursor.
import { z } from 'zod';
import { AuditEventEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import { auditNames } from '../services/audit-names.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { isoDate, limit, strict } from '../trpc/schemas.js';

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

function decodeCursor(cursor: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('BAD_REQUEST', 'cursor: not a cursor this API returned');
  }
}

export const auditRouter = router({
  list: tenantProcedure
    .input(
      strict({
        /** An exact action (`flow.published`) or a prefix ending in a dot (`flow.`). */
        action: z.string().min(1).max(100).optional(),
        targetType: z.string().min(1).max(50).optional(),
        targetId: z.string().min(1).max(200).optional(),
        actorId: z.string().min(1).max(200).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        cursor: z.string().max(500).optional(),
        limit,
      }).optional(),
    )
    .query(async ({ ctx, input }) => {
      const filter = input ?? { limit: 50 };
      const where: Record<string, unknown> = { tenantId: ctx.tenant.id };
      if (filter.action)
        where.action = filter.action.endsWith('.')
          ? { $like: `${filter.action.replace(/[\\%_]/g, '\\$&')}%` }
          : filter.action;
      if (filter.targetType) where.targetType = filter.targetType;
      if (filter.targetId) where.targetId = filter.targetId;
      if (filter.actorId) where.actorId = filter.actorId;
      const createdAt: Record<string, Date> = {};
      if (filter.from) createdAt.$gte = filter.from;
      if (filter.to) createdAt.$lte = filter.to;
      if (Object.keys(createdAt).length) where.createdAt = createdAt;
      const and: Record<string, unknown>[] = [where];
      if (filter.cursor) {
        const cursor = decodeCursor(filter.cursor);
        const t = new Date(cursor.t);
        and.push({ $or: [{ createdAt: { $lt: t } }, { createdAt: t, id: { $lt: cursor.id } }] });
      }
      const events = await ctx.em.find(
        AuditEventEntity,
        { $and: and },
        { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: filter.limit + 1 },
      );
      const page = events.slice(0, filter.limit);
      const last = page[page.length - 1];
      return {
        /** Names for the ids on this page (actors, targets, people in the data). */
        names: await auditNames(ctx.em, ctx.tenant.id, page),
        events: page.map((e) => ({
          id: e.id,
          actorType: e.actorType,
          actorId: e.actorId,
          action: e.action,
          targetType: e.targetType,
          targetId: e.targetId,
          data: e.data,
          requestId: e.requestId,
          createdAt: e.createdAt,
        })),
        nextCursor:
          events.length > filter.limit && last
            ? Buffer.from(
                JSON.stringify({ t: last.createdAt.toISOString(), id: last.id }),
              ).toString('base64url')
            : null,
      };
    }),
});
