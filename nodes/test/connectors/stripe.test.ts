import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stripeConnector } from '../../src/connectors/stripe/index.js';
import {
  connectorExecutors,
  openConnection,
  runOperation,
  testConnection,
  verifyPushRequest,
} from '../../src/connectors/executors.js';
import { hmacSha256Hex } from '../../src/connectors/sdk/signatures.js';
import { NodeError } from '../../src/node-error.js';
import { actionContext } from '../support/action-context.js';
import { startStripeMock } from '../support/stripe-mock.js';

// Stripe's own contract: stripe-mock answers from Stripe's OpenAPI spec and refuses (400) any
// parameter the real API would refuse, so a request that passes here is one Stripe accepts.

let mock: Awaited<ReturnType<typeof startStripeMock>>;
const secret = { connector: 'stripe', method: 'secret_key', secretKey: 'sk_test_123' };

beforeAll(async () => {
  mock = await startStripeMock();
}, 60_000);
afterAll(() => mock?.stop());

const call = () =>
  openConnection(stripeConnector, secret, {
    outbound: mock.outbound,
    baseUrl: mock.url,
    idempotencyKey: 'run-1:n1',
  });
const op = (id: string) => {
  const found = stripeConnector.operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id}`);
  return (params: unknown) => runOperation(found, call(), found.params.parse(params), {});
};

test('Test connection reads the balance with the key', async () => {
  await expect(
    testConnection(stripeConnector, secret, { outbound: mock.outbound, baseUrl: mock.url }),
  ).resolves.toEqual({ ok: true });
});

test('a key that is not a Stripe key fails Test connection before any request', async () => {
  const result = await testConnection(
    stripeConnector,
    { ...secret, secretKey: 'pk_test_1' },
    { outbound: mock.outbound, baseUrl: mock.url },
  );
  expect(result).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
});

describe('customers', () => {
  test('list maps each customer to the canonical shape with its Stripe id and record', async () => {
    const page = (await op('list_customers')({ limit: 2 })) as {
      items: { id: string; source: unknown; raw: { object: string } }[];
    };
    expect(page.items.length).toBeGreaterThan(0);
    const first = page.items[0]!;
    expect(first.id).toMatch(/^cus_/);
    expect(first.source).toEqual({ connector: 'stripe', id: first.id });
    expect(first.raw.object).toBe('customer');
  });

  test('create, get and update send parameters Stripe accepts', async () => {
    const created = (await op('create_customer')({
      email: 'ada@example.com',
      name: 'Ada',
      metadata: { crm: 'c1' },
    })) as { id: string };
    expect(created.id).toMatch(/^cus_/);
    await expect(op('get_customer')({ id: created.id })).resolves.toMatchObject({ id: created.id });
    await expect(op('update_customer')({ id: created.id, name: 'Ada L.' })).resolves.toMatchObject({
      source: { connector: 'stripe' },
    });
  });
});

describe('invoices and payments', () => {
  test('billing.create_invoice on a Stripe connection creates the invoice, its items, and reads it back', async () => {
    const executor = connectorExecutors(undefined, { baseUrls: { stripe: mock.url } }).find(
      (e) => e.key === 'billing.create_invoice@1',
    )!;
    const invoice = await executor.execute(
      actionContext(
        {
          customerId: 'cus_123',
          currency: 'eur',
          lines: [{ description: 'Setup', amount: 120.5, quantity: 2 }],
          daysUntilDue: 14,
        },
        secret,
        mock.outbound,
      ),
    );
    expect(invoice).toMatchObject({
      id: expect.stringMatching(/^in_/),
      source: { connector: 'stripe' },
    });
  });

  test('list, get and finalize invoices; list payments', async () => {
    const invoices = (await op('list_invoices')({ limit: 1, status: 'open' })) as {
      items: { id: string }[];
    };
    expect(invoices.items[0]?.id).toMatch(/^in_/);
    const id = invoices.items[0]!.id;
    await expect(op('get_invoice')({ id })).resolves.toMatchObject({ id });
    await expect(op('finalize_invoice')({ id })).resolves.toMatchObject({
      source: { connector: 'stripe' },
    });
    const payments = (await op('list_payments')({ limit: 1 })) as { items: { id: string }[] };
    expect(payments.items[0]?.id).toMatch(/^pi_/);
  });

  test('a parameter Stripe does not know → VENDOR_ERROR with Stripe’s own message', async () => {
    const error = await call()
      .http.request({ method: 'POST', path: '/customers', form: { nickname: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toMatchObject({ code: 'VENDOR_ERROR', retryable: false });
    expect((error as NodeError).message).toMatch(
      /^HTTP 400: Request validation error: .*additional properties are not allowed$/,
    );
  });
});

describe('webhook events', () => {
  const webhookSecret = 'whsec_test_secret';
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'invoice.paid',
    created: 1_700_000_000,
    livemode: false,
    data: { object: { id: 'in_1', object: 'invoice' } },
  });
  const signed = async (t: number, raw = body) => ({
    headers: {
      'stripe-signature': `t=${t},v1=${await hmacSha256Hex(webhookSecret, `${t}.${raw}`)}`,
    },
    rawBody: raw,
    receivedAt: t * 1000,
  });
  const params = { eventTypes: ['invoice.paid'] };

  test('a correctly signed event starts a run with the event', async () => {
    const outcome = await verifyPushRequest(
      stripeConnector,
      'event',
      await signed(1_700_000_000),
      { ...secret, webhookSecret },
      params,
    );
    expect(outcome).toEqual({
      status: 202,
      events: [
        {
          id: 'evt_1',
          type: 'invoice.paid',
          created: 1_700_000_000,
          livemode: false,
          object: { id: 'in_1', object: 'invoice' },
        },
      ],
    });
  });

  test('a tampered body, an old timestamp or a missing secret → 401 and no run', async () => {
    const good = await signed(1_700_000_000);
    const tampered = { ...good, rawBody: body.replace('in_1', 'in_2') };
    const stale = { ...good, receivedAt: good.receivedAt + 10 * 60_000 };
    for (const request of [tampered, stale]) {
      await expect(
        verifyPushRequest(stripeConnector, 'event', request, { ...secret, webhookSecret }, params),
      ).resolves.toMatchObject({ status: 401 });
    }
    await expect(
      verifyPushRequest(stripeConnector, 'event', good, secret, params),
    ).resolves.toMatchObject({ status: 401 });
  });
});
