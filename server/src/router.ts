// The API the editor calls at /trpc. Every procedure listed here has an entry in the permission
// matrix (auth/permissions.ts); the generated authorization test holds both lists together.
import { approvalsRouter } from './routers/approvals.js';
import { auditRouter } from './routers/audit.js';
import { authRouter, sessionsRouter } from './routers/auth.js';
import { catalogRouter } from './routers/catalog.js';
import { chatRouter } from './chat/router.js';
import { connectionsRouter } from './routers/connections.js';
import { flowsRouter } from './routers/flows.js';
import { invitesRouter, membersRouter, tokensRouter } from './routers/members.js';
import { runsRouter } from './routers/runs.js';
import { settingsRouter } from './routers/settings.js';
import { systemRouter } from './routers/system.js';
import { webhooksRouter } from './routers/webhooks.js';
import { router } from './trpc/init.js';

export const appRouter = router({
  auth: authRouter,
  sessions: sessionsRouter,
  tokens: tokensRouter,
  members: membersRouter,
  invites: invitesRouter,
  catalog: catalogRouter,
  flows: flowsRouter,
  webhooks: webhooksRouter,
  connections: connectionsRouter,
  runs: runsRouter,
  audit: auditRouter,
  approvals: approvalsRouter,
  chat: chatRouter,
  settings: settingsRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

/** Every procedure path (`flows.publish`, …), read from the router itself. */
export function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).sort();
}

export function procedureType(path: string): 'query' | 'mutation' | 'subscription' | undefined {
  const procedure = (
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: 'query' | 'mutation' | 'subscription' } }
    >
  )[path];
  return procedure?._def.type;
}
