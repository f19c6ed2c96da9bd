import { afterAll, beforeAll, expect, test } from 'vitest';
import { zohoCrmConnector } from '../../src/connectors/zoho_crm/index.js';
import {
  connectorExecutors,
  openConnection,
  pollTrigger,
  runOperation,
  type CursorStore,
} from '../../src/connectors/executors.js';
import { actionContext } from '../support/action-context.js';
import { replay } from '../support/fixtures.js';

// Zoho CRM against exchanges recorded from its API v6 documentation (each fixture names its page).

let vendor: Awaited<ReturnType<typeof replay>>;
const secret = {
  connector: 'zoho_crm',
  method: 'oauth2',
  clientId: '1000.CLIENT',
  clientSecret: 'secret',
  dataCentre: 'eu',
  oauth2: {
    accessToken: '1000.test.token',
    refreshToken: '1000.refresh',
    expiresAt: Date.now() + 3_600_000,
  },
};

beforeAll(async () => {
  vendor = await replay('zoho_crm');
});
afterAll(() => vendor.close());

const call = () =>
  openConnection(zohoCrmConnector, secret, {
    outbound: vendor.outbound,
    baseUrl: `${vendor.url}/crm/v6`,
  });
const op = (id: string) => zohoCrmConnector.operations.find((o) => o.id === id)!;

test('the data centre decides the hosts: an EU connection reaches zohoapis.eu and accounts.zoho.eu only', () => {
  const hosts = zohoCrmConnector.connection.allowedHosts?.(secret as never);
  expect(hosts).toEqual(['www.zohoapis.eu', 'accounts.zoho.eu']);
  expect(zohoCrmConnector.connection.baseUrl(secret as never)).toBe(
    'https://www.zohoapis.eu/crm/v6',
  );
});

test('list contacts sends the Zoho-oauthtoken and maps Zoho fields', async () => {
  vendor.expect('list-contacts');
  const page = await runOperation(op('list_contacts'), call(), { limit: 2 }, {});
  vendor.done();
  expect(page).toEqual({
    items: [
      expect.objectContaining({
        id: '4150868000000225013',
        source: { connector: 'zoho_crm', id: '4150868000000225013' },
        email: 'p.boley@zylker.com',
        firstName: 'Patricia',
        lastName: 'Boley',
        company: 'Chapman',
        createdAt: '2019-06-03T05:57:08.000Z',
      }),
    ],
  });
});

test('crm.upsert_contact uses Zoho’s upsert with Email as the duplicate check', async () => {
  vendor.expect('upsert-contact');
  const executor = connectorExecutors(undefined, {
    baseUrls: { zoho_crm: `${vendor.url}/crm/v6` },
  }).find((e) => e.key === 'crm.upsert_contact@1')!;
  const result = await executor.execute(
    actionContext(
      { email: 'p.boley@zylker.com', lastName: 'Boley', phone: '555-555-0100' },
      secret,
      vendor.outbound,
    ),
  );
  vendor.done();
  expect(result).toMatchObject({
    created: false,
    record: { id: '4150868000000225013', phone: '555-555-0100' },
  });
});

test('a missing mandatory field → VENDOR_ERROR with Zoho’s code and message', async () => {
  vendor.expect('create-contact-invalid');
  await expect(
    runOperation(
      op('create_contact'),
      call(),
      op('create_contact').params.parse({ email: 'nolastname@zylker.com' }),
      {},
    ),
  ).rejects.toMatchObject({
    code: 'VENDOR_ERROR',
    message: 'HTTP 400: Zoho CRM: MANDATORY_NOT_FOUND: required field not found',
  });
  vendor.done();
});

test('new contact polling: search from the cursor, next cursor at the last Created_Time', async () => {
  const state = new Map<string, string>();
  const seen = new Set<string>();
  const store: CursorStore = {
    get: async (k) => state.get(k),
    set: async (k, v) => void state.set(k, v),
    unseen: async (_, ids) => ids.filter((id) => !seen.has(id)),
    markSeen: async (_, ids) => ids.forEach((id) => seen.add(id)),
  };
  state.set('t/trigger', String(Date.parse('2024-06-03T10:00:00Z')));
  vendor.expect('search-new-contacts');
  const poll = await pollTrigger(zohoCrmConnector, 'new_contact', 't/trigger', call(), {}, store);
  vendor.done();
  expect(poll.items).toMatchObject([{ id: '4150868000000601001', email: 'new.lead@zylker.com' }]);
  await poll.commit();
  expect(state.get('t/trigger')).toBe(String(Date.parse('2024-06-03T10:10:00Z')));
});
