// Regression: the OAuth sweep picks the 500 grants expiring soonest, and two kinds it can never
// refresh stayed at the head of that list for good, failing every minute: a connection of a type
// the server does not know (a connector since removed: the e2e servers logged "unknown connection
// type" for old test tenants' connections each minute) and a grant whose access token expired with
// no refresh token. Enough of them would have kept every other grant from being refreshed. Now
// the sweep asks only for the types it can refresh, and an expired grant with no refresh token is
// marked as needing attention (as a run using it would find), so it leaves the list.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConnectionEntity } from '../../src/db/entities.js';
import type { StoredSecret } from '../../src/oauth/refresh.js';
import { sweepDueTokens } from '../../src/oauth/sweep.js';
import { connectionSecretPath } from '../../src/secrets/vault.js';
import {
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';

const warnings: { connectionId?: string; err?: string }[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(JSON.parse(chunk.toString()) as (typeof warnings)[number]);
      done();
    },
  }),
);

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ logger });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

/** A Slack connection whose secret and row then say what `oauth2` holds, expiring at `expiresAt`. */
async function slackGrant(oauth2: StoredSecret['oauth2'] & { expiresAt: number }, type = 'slack') {
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    {
      name: unique('slack'),
      type: 'slack',
      method: 'bot_token',
      credentials: { botToken: 'xoxb-0000' },
    },
    owner,
  );
  const id = made.data!.id;
  const path = connectionSecretPath(owner.tenantId, id);
  const stored = (await server.services.secrets.read<StoredSecret>(path))!;
  await server.services.secrets.write(path, {
    ...stored,
    method: 'oauth2',
    clientId: 'client-1',
    clientSecret: 'secret-1',
    oauth2,
  });
  await server.services.orm.em
    .fork()
    .nativeUpdate(
      ConnectionEntity,
      { id },
      { type, authMethod: 'oauth2', tokenExpiresAt: new Date(oauth2.expiresAt) },
    );
  return id;
}

const row = (id: string) => server.services.orm.em.fork().findOneOrFail(ConnectionEntity, { id });

it('leaves a type it does not know alone, and marks an expired grant with no refresh token', async () => {
  const past = Date.now() - 60_000;
  const retired = await slackGrant(
    { accessToken: 'xoxe-1', refreshToken: 'r-1', expiresAt: past },
    'retired_chat',
  );
  const expired = await slackGrant({ accessToken: 'xoxe-2', expiresAt: past });
  const soon = await slackGrant({ accessToken: 'xoxe-3', expiresAt: Date.now() + 60_000 });

  const sweep = () =>
    sweepDueTokens(server.services.orm, server.services.connections, server.services.logger);
  await sweep();
  // The sweep covers every tenant of the shared test database: only these connections are read.
  expect(warnings.filter((w) => w.connectionId === retired)).toEqual([]);
  expect(await row(retired)).toMatchObject({ status: 'untested', lastError: null });
  expect(await row(expired)).toMatchObject({
    status: 'needs_attention',
    lastError:
      "Slack's access token expired and the connection has no refresh token: connect it again",
  });
  // Not expired yet: still usable, left as it is.
  expect(await row(soon)).toMatchObject({ status: 'untested', lastError: null });

  // The marked grant is not tried again.
  const before = warnings.filter((w) => w.connectionId === expired).length;
  await sweep();
  expect(warnings.filter((w) => w.connectionId === expired)).toHaveLength(before);
});
