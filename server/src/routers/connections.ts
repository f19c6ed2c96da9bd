// Connections: typed by a registered connection type, credentials written to OpenBao only and
// never returned. The work is in connections/service.ts and oauth/connect.ts.
import { z } from 'zod';
import { ConnectionEntity } from '../db/entities.js';
import {
  catalog,
  connectionView,
  createConnection,
  CredentialValuesSchema,
  deleteConnection,
  loadConnection,
  testConnection,
  updateConnection,
} from '../connections/service.js';
import { connectionOptions } from '../connections/options.js';
import { startAuthorization } from '../oauth/connect.js';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { empty, id, name, strict } from '../trpc/schemas.js';

const typeId = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'a connection type id like "slack"');
const methodId = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'an auth method id like "oauth2"');

export const connectionsRouter = router({
  list: tenantProcedure
    .input(strict({ type: typeId.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const rows = await ctx.em.find(
        ConnectionEntity,
        { tenantId: ctx.tenant.id, ...(input?.type ? { type: input.type } : {}) },
        { orderBy: { name: 'asc' } },
      );
      return rows.map(connectionView);
    }),

  get: tenantProcedure
    .input(strict({ connectionId: id }))
    .query(async ({ ctx, input }) =>
      connectionView(await loadConnection(scopeOf(ctx), input.connectionId)),
    ),

  /** Every connection type: its forms, operations and triggers, and this tenant's connections. */
  catalog: tenantProcedure
    .input(empty)
    .query(({ ctx }) => catalog(scopeOf(ctx), ctx.services.connections.types)),

  create: tenantProcedure
    .input(
      strict({
        name,
        type: typeId,
        /** The auth method; the type's first when left out. */
        method: methodId.optional(),
        credentials: CredentialValuesSchema,
      }),
    )
    .mutation(({ ctx, input }) => createConnection(scopeOf(ctx), ctx.services.connections, input)),

  /** Starts an OAuth2 grant: the browser goes to `authorizeUrl` and comes back to /oauth/callback. */
  authorize: tenantProcedure
    .input(
      strict({
        type: typeId.optional(),
        method: methodId.optional(),
        name: name.optional(),
        connectionId: id.optional(),
        credentials: CredentialValuesSchema.default({}),
      }),
    )
    .mutation(({ ctx, input }) =>
      startAuthorization(
        { ...scopeOf(ctx), sessionId: ctx.caller.sessionId },
        ctx.services.connections,
        input,
      ),
    ),

  update: tenantProcedure
    .input(
      strict({
        connectionId: id,
        name: name.optional(),
        /** Fields to change; the others (secret ones included) keep their stored values. */
        credentials: CredentialValuesSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateConnection(scopeOf(ctx), ctx.services.connections, input)),

  delete: tenantProcedure.input(strict({ connectionId: id })).mutation(async ({ ctx, input }) => {
    await deleteConnection(scopeOf(ctx), ctx.services.connections, input.connectionId);
    return { ok: true as const };
  }),

  /** A param's choices loaded from the vendor through this connection (Slack channels, …). */
  options: tenantProcedure
    .input(
      strict({
        connectionId: id,
        loader: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'an option list id like "channels"'),
        search: z.string().max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => connectionOptions(scopeOf(ctx), ctx.services.connections, input)),

  /** Runs the connector's test request with the stored credentials. */
  test: tenantProcedure
    .input(strict({ connectionId: id }))
    .mutation(({ ctx, input }) =>
      testConnection(scopeOf(ctx), ctx.services.connections, input.connectionId),
    ),
});
