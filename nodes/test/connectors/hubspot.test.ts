import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import { hubspotConnector } from '../../src/connectors/hubspot/index.js';
import { RedisCursorStore } from '../../src/connectors/cursor-store.js';
import {
  connectorExecutors,
  openConnection,
  pollTrigger,
  pushEventId,
  runOperation,
  verifyPushRequest,
} from '../../src/connectors/executors.js';
import { actionContext } from '../support/action-context.js';
import { replay } from '../support/fixtures.js';

// HubSpot against exchanges recorded from its CRM v3 documentation (each fixture names its page):
// every request an operation sends must equal the recorded one in full.

let vendor: Awaited<ReturnType<typeof replay>>;
const secret = { connector: 'hubspot', method: 'private_app', accessToken: 'pat-na1-test' };

beforeAll(async () => {
  vendor = await replay('hubspot');
});
afterAll(() => vendor.close());

const call = () =>
  openConnection(hubspotConnector, secret, { outbound: vendor.outbound, baseUrl: vendor.url });
const run = (id: string, params: unknown) => {
  const op = hubspotConnector.operations.find((o) => o.id === id)!;
  return runOperation(op, call(), op.params.parse(params), {});
};

describe('contacts', () => {
  test('list: canonical contacts with HubSpot’s id and record, and the next cursor', async () => {
    vendor.expect('list-contacts');
    const page = await run('list_contacts', { limit: 2 });
    vendor.done();
    expect(page).toMatchObject({
      nextCursor: '514',
      items: [
        {
          id: '512',
          source: { connector: 'hubspot', id: '512' },
          email: 'bcooper@biglytics.net',
          firstName: 'Bryan',
          lastName: 'Cooper',
          phone: '(877) 929-0687',
          company: 'HubSpot',
          createdAt: '2019-10-30T03:30:17.883Z',
          raw: { id: '512', archived: false },
        },
        { id: '513', email: 'mark.s@lumon.example' },
      ],
    });
  });

  test('get and update by id', async () => {
    vendor.expect('get-contact', 'update-contact');
    await expect(run('get_contact', { id: '512' })).resolves.toMatchObject({
      id: '512',
      firstName: 'Bryan',
    });
    await expect(
      run('update_contact', { id: '512', email: 'bcooper@biglytics.net', phone: '(877) 929-0688' }),
    ).resolves.toMatchObject({ phone: '(877) 929-0688' });
    vendor.done();
  });

  test('crm.upsert_contact updates the contact found by email', async () => {
    vendor.expect('search-contact-by-email', 'update-contact');
    const executor = connectorExecutors(undefined, { baseUrls: { hubspot: vendor.url } }).find(
      (e) => e.key === 'crm.upsert_contact@1',
    )!;
    const result = await executor.execute(
      actionContext(
        { email: 'bcooper@biglytics.net', phone: '(877) 929-0688' },
        secret,
        vendor.outbound,
      ),
    );
    vendor.done();
    expect(result).toMatchObject({
      created: false,
      record: { id: '512', phone: '(877) 929-0688' },
    });
  });

  test('crm.upsert_contact creates the contact no search finds, passing extra HubSpot properties', async () => {
    vendor.expect('search-contact-none', 'create-contact');
    const executor = connectorExecutors(undefined, { baseUrls: { hubspot: vendor.url } }).find(
      (e) => e.key === 'crm.upsert_contact@1',
    )!;
    const result = await executor.execute(
      actionContext(
        {
          email: 'new.lead@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          properties: { lifecyclestage: 'lead' },
        },
        secret,
        vendor.outbound,
      ),
    );
    vendor.done();
    expect(result).toMatchObject({
      created: true,
      record: { id: '601', email: 'new.lead@example.com' },
    });
  });

  test('a duplicate email → VENDOR_ERROR with HubSpot’s message, not retried', async () => {
    vendor.expect('create-contact-conflict');
    await expect(run('create_contact', { email: 'bcooper@biglytics.net' })).rejects.toMatchObject({
      code: 'VENDOR_ERROR',
      retryable: false,
      message: 'HTTP 409: Contact already exists. Existing ID: 512',
    });
    vendor.done();
  });
});

describe('new contact polling trigger', () => {
  const config = readConfig({ ...process.env, BIZOSAAS_PROFILE: 'test' });
  const redis = new Redis(config.REDIS_URL);
  afterAll(() => redis.quit());

  test('starts from now, then returns each new contact once, with a cursor that survives in Redis', async () => {
    const prefix = `test:poll:${Date.now()}:`;
    const store = new RedisCursorStore(redis, prefix);
    const key = 'tenant-1/trigger-1';
    const first = await pollTrigger(hubspotConnector, 'new_contact', key, call(), {}, store);
    expect(first.items).toEqual([]);
    await first.commit();
    expect(Number(await store.get(key))).toBeGreaterThan(Date.now() - 5000);

    await store.set(key, '1717408800000');
    vendor.expect('poll-new-contacts', 'poll-again');
    const second = await pollTrigger(hubspotConnector, 'new_contact', key, call(), {}, store);
    expect(second.items.map((c) => (c as { id: string }).id)).toEqual(['601', '602']);
    await second.commit();
    // A new store over the same Redis: what a restarted worker sees.
    const restarted = new RedisCursorStore(redis, prefix);
    const third = await pollTrigger(hubspotConnector, 'new_contact', key, call(), {}, restarted);
    vendor.done();
    expect(third.items).toEqual([]);
  });
});

describe('deals', () => {
  test('create: in a pipeline stage, associated with a contact (association type 3)', async () => {
    vendor.expect('create-deal');
    const deal = await run('create_deal', {
      name: 'New deal',
      amount: 1500,
      stage: 'contractsent',
      contactId: '601',
    });
    vendor.done();
    expect(deal).toMatchObject({
      id: '5521',
      source: { connector: 'hubspot', id: '5521' },
      name: 'New deal',
      amount: 1500,
      stage: 'contractsent',
    });
  });
});

describe('webhooks (v3 signature)', () => {
  const clientSecret = 'hubspot-client-secret';
  const signed = { ...secret, clientSecret };
  const url = 'https://app.example.com/hooks/acme/events/flow-1';
  const body = JSON.stringify([
    {
      eventId: 100,
      subscriptionId: 7,
      portalId: 33,
      occurredAt: 1_700_000_000_000,
      subscriptionType: 'contact.creation',
      attemptNumber: 0,
      objectId: 123,
    },
    { eventId: 101, portalId: 33, subscriptionType: 'deal.creation', objectId: 9 },
  ]);
  // As HubSpot documents it: method + URI + body + timestamp, HMAC-SHA256 with the client secret, base64.
  const request = (key: string, timestamp = Date.now(), signedUrl = url) => ({
    headers: {
      'x-hubspot-signature-v3': createHmac('sha256', key)
        .update(`POST${signedUrl}${body}${timestamp}`)
        .digest('base64'),
      'x-hubspot-request-timestamp': String(timestamp),
    },
    rawBody: body,
    receivedAt: Date.now(),
    method: 'POST',
    url,
  });

  test('a signed request starts a run per event of the chosen types, keyed by its eventId', async () => {
    const outcome = await verifyPushRequest(
      hubspotConnector,
      'crm_event',
      request(clientSecret),
      signed,
      {},
    );
    expect(outcome).toMatchObject({
      status: 202,
      events: [
        { eventId: '100', subscriptionType: 'contact.creation', objectId: '123', portalId: 33 },
      ],
    });
    const [event] = (outcome as { events: unknown[] }).events;
    expect(pushEventId(hubspotConnector, 'crm_event', event)).toBe('100');
  });

  test('another secret, an old timestamp, another URL or no client secret → 401', async () => {
    const refused = { status: 401 };
    await expect(
      verifyPushRequest(hubspotConnector, 'crm_event', request('other'), signed, {}),
    ).resolves.toMatchObject(refused);
    await expect(
      verifyPushRequest(
        hubspotConnector,
        'crm_event',
        request(clientSecret, Date.now() - 6 * 60_000),
        signed,
        {},
      ),
    ).resolves.toMatchObject(refused);
    await expect(
      verifyPushRequest(
        hubspotConnector,
        'crm_event',
        request(clientSecret, Date.now(), `${url}x`),
        signed,
        {},
      ),
    ).resolves.toMatchObject(refused);
    await expect(
      verifyPushRequest(hubspotConnector, 'crm_event', request(clientSecret), secret, {}),
    ).resolves.toMatchObject(refused);
  });
});
