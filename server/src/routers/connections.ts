// Connections: metadata in PostgreSQL, secret values written to OpenBao only and never returned.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConnectionEntity, type Connection } from '../db/entities.js';
import { AppError } from '../errors.js';
import { connectionSecretPath } from '../secrets/vault.js';
import { settingsFor } from '../tenants/settings.js';
import { actorOf, recordAudit } from '../services/audit.js';
import { router, tenantProcedure, type Context } from '../trpc/init.js';
import { id, name, strict } from '../trpc/schemas.js';

const connectionType = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a connection type id like "hubspot"');
const secretKey = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,63}$/, 'secret names: letters, digits, _ or -');
const secrets = z
  .record(secretKey, z.string().min(1).max(10_000))
  .refine((s) => Object.keys(s).length <= 20, {
    message: 'at most 20 secret values',
  });
const config = z
  .record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((c) => Object.keys(c).length <= 50, { message: 'at most 50 settings' });
const scopes = z.array(z.string().min(1).max(200)).max(100);

function view(c: Connection) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    status: c.status,
    scopes: c.scopes,
    config: c.config,
    secretKeys: c.secretKeys,
    lastTestedAt: c.lastTestedAt,
    lastTestError: c.lastTestError,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

async function load(ctx: Context & { tenant: { id: string } }, connectionId: string) {
  const found = await ctx.em.findOne(ConnectionEntity, {
    id: connectionId,
    tenantId: ctx.tenant.id,
  });
  if (!found) throw new AppError('NOT_FOUND', 'no such connection');
  return found;
}

async function nameTaken(
  ctx: Context & { tenant: { id: string } },
  connectionName: string,
  except?: string,
) {
  const count = await ctx.em.count(ConnectionEntity, {
    tenantId: ctx.tenant.id,
    name: connectionName,
    ...(except ? { id: { $ne: except } } : {}),
  });
  if (count) throw new AppError('CONFLICT', `a connection named "${connectionName}" exists`);
}

export const connectionsRouter = router({
  list: tenantProcedure
    .input(strict({ type: connectionType.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const rows = await ctx.em.find(
        ConnectionEntity,
        { tenantId: ctx.tenant.id, ...(input?.type ? { type: input.type } : {}) },
        { orderBy: { name: 'asc' } },
      );
      return rows.map(view);
    }),

  get: tenantProcedure
    .input(strict({ connectionId: id }))
    .query(async ({ ctx, input }) => view(await load(ctx, input.connectionId))),

  create: tenantProcedure
    .input(
      strict({
        name,
        type: connectionType,
        config: config.default({}),
        secrets,
        scopes: scopes.default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await nameTaken(ctx, input.name);
      const now = new Date();
      const row: Connection = {
        id: randomUUID(),
        tenantId: ctx.tenant.id,
        name: input.name,
        type: input.type,
        status: 'untested',
        scopes: input.scopes,
        config: input.config,
        secretKeys: Object.keys(input.secrets).sort(),
        lastTestedAt: null,
        lastTestError: null,
        createdBy: ctx.caller.userId,
        createdAt: now,
        updatedAt: now,
      };
      // Secret first: a row never points at a secret that was not written.
      await ctx.services.secrets.write(connectionSecretPath(ctx.tenant.id, row.id), input.secrets);
      await ctx.em.transactional(async (tx) => {
        await tx.insert(ConnectionEntity, row);
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'connection.created',
          targetType: 'connection',
          targetId: row.id,
          data: { name: row.name, type: row.type, secretKeys: row.secretKeys },
        });
      });
      return view(row);
    }),

  update: tenantProcedure
    .input(
      strict({
        connectionId: id,
        name: name.optional(),
        config: config.optional(),
        scopes: scopes.optional(),
        /** Replaces the secret values as a whole when given. */
        secrets: secrets.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const current = await load(ctx, input.connectionId);
      if (input.name) await nameTaken(ctx, input.name, current.id);
      const changes: Partial<Connection> = { updatedAt: new Date() };
      if (input.name) changes.name = input.name;
      if (input.config) changes.config = input.config;
      if (input.scopes) changes.scopes = input.scopes;
      if (input.secrets) {
        await ctx.services.secrets.write(
          connectionSecretPath(ctx.tenant.id, current.id),
          input.secrets,
        );
        changes.secretKeys = Object.keys(input.secrets).sort();
        changes.status = 'untested';
      }
      await ctx.em.transactional(async (tx) => {
        await tx.nativeUpdate(
          ConnectionEntity,
          { id: current.id, tenantId: ctx.tenant.id },
          changes,
        );
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'connection.updated',
          targetType: 'connection',
          targetId: current.id,
          data: { fields: Object.keys(input).filter((k) => k !== 'connectionId') },
        });
      });
      return view({ ...current, ...changes });
    }),

  delete: tenantProcedure.input(strict({ connectionId: id })).mutation(async ({ ctx, input }) => {
    const current = await load(ctx, input.connectionId);
    const { notifications } = await settingsFor(ctx.em, ctx.tenant.id);
    if (notifications.slackConnectionId === current.id)
      throw new AppError(
        'CONFLICT',
        'approval notifications post through this connection: choose another one in Settings first',
      );
    await ctx.em.transactional(async (tx) => {
      await tx.nativeDelete(ConnectionEntity, { id: current.id, tenantId: ctx.tenant.id });
      await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
        tenantId: ctx.tenant.id,
        action: 'connection.deleted',
        targetType: 'connection',
        targetId: current.id,
        data: { name: current.name, type: current.type },
      });
    });
    await ctx.services.secrets.remove(connectionSecretPath(ctx.tenant.id, current.id));
    return { ok: true as const };
  }),

  /**
   * Checks that every secret the connection declares can be read back from the secrets engine.
   * Connector-specific health checks (an authenticated call to the service) plug in here once the
   * connectors in @bizosaas/nodes declare them.
   */
  test: tenantProcedure.input(strict({ connectionId: id })).mutation(async ({ ctx, input }) => {
    const current = await load(ctx, input.connectionId);
    const stored = await ctx.services.secrets.read(connectionSecretPath(ctx.tenant.id, current.id));
    const missing = current.secretKeys.filter((key) => !stored?.[key]);
    const ok = missing.length === 0;
    const error = ok
      ? null
      : `secret values missing from the secrets engine: ${missing.join(', ')}`;
    const testedAt = new Date();
    await ctx.em.transactional(async (tx) => {
      await tx.nativeUpdate(
        ConnectionEntity,
        { id: current.id, tenantId: ctx.tenant.id },
        { status: ok ? 'ok' : 'failed', lastTestedAt: testedAt, lastTestError: error },
      );
      await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
        tenantId: ctx.tenant.id,
        action: 'connection.tested',
        targetType: 'connection',
        targetId: current.id,
        data: { ok },
      });
    });
    return { ok, error, testedAt };
  }),
});
