import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shopifyConnector } from '../../src/connectors/shopify/index.js';
import {
  connectorExecutors,
  openConnection,
  runOperation,
  testConnection,
  verifyPushRequest,
} from '../../src/connectors/executors.js';
import { hmacSha256Base64 } from '../../src/connectors/sdk/signatures.js';
import { actionContext } from '../support/action-context.js';
import { replay } from '../support/fixtures.js';

// Shopify against exchanges recorded from the Admin GraphQL documentation (each fixture names its
// page): every query and its variables asserted in full.

let vendor: Awaited<ReturnType<typeof replay>>;
const secret = {
  connector: 'shopify',
  method: 'admin_token',
  shop: 'acme.myshopify.com',
  accessToken: 'shpat_test',
  webhookSecret: 'hush',
};

beforeAll(async () => {
  vendor = await replay('shopify');
});
afterAll(() => vendor.close());

const options = () => ({ outbound: vendor.outbound, baseUrl: `${vendor.url}/admin/api/2024-10` });
const op = (id: string) => shopifyConnector.operations.find((o) => o.id === id)!;

test('a shop reaches only its own myshopify.com host', () => {
  expect(shopifyConnector.connection.baseUrl(secret as never)).toBe(
    'https://acme.myshopify.com/admin/api/2024-10',
  );
  expect(shopifyConnector.connection.allowedHosts?.(secret as never)).toEqual([
    'acme.myshopify.com',
  ]);
});

test('commerce.list_orders on a Shopify connection: canonical orders and the end cursor', async () => {
  vendor.expect('list-orders');
  const executor = connectorExecutors(undefined, { baseUrls: { shopify: options().baseUrl } }).find(
    (e) => e.key === 'commerce.list_orders@1',
  )!;
  const page = await executor.execute(actionContext({ limit: 2 }, secret, vendor.outbound));
  vendor.done();
  expect(page).toEqual({
    items: [
      expect.objectContaining({
        id: 'gid://shopify/Order/450789469',
        number: '#1001',
        status: 'paid',
        total: 598.94,
        currency: 'USD',
        customerEmail: 'bob.norman@mail.example.com',
      }),
    ],
    nextCursor: 'eyJsYXN0X2lkIjo0NTAsImxhc3RfdmFsdWUiOiIyMDI0In0=',
  });
});

test('create_product maps the product; userErrors → VENDOR_ERROR with Shopify’s words', async () => {
  vendor.expect('create-product', 'create-product-invalid');
  const call = openConnection(shopifyConnector, secret, options());
  await expect(
    runOperation(
      op('create_product'),
      call,
      op('create_product').params.parse({ title: 'Cool socks' }),
      {},
    ),
  ).resolves.toMatchObject({
    id: 'gid://shopify/Product/1072481062',
    status: 'draft',
    price: 0,
  });
  await expect(
    runOperation(op('create_product'), call, op('create_product').params.parse({ title: ' ' }), {}),
  ).rejects.toMatchObject({
    code: 'VENDOR_ERROR',
    message: "Shopify: Title can't be blank",
  });
  vendor.done();
});

test('THROTTLED in a 200 → RATE_LIMITED, retryable', async () => {
  vendor.expect('throttled');
  await expect(testConnection(shopifyConnector, secret, options())).resolves.toEqual({
    ok: false,
    code: 'RATE_LIMITED',
    message: 'Shopify: Throttled',
  });
  vendor.done();
});

describe('webhooks', () => {
  const body = JSON.stringify({
    id: 820982911946154500,
    email: 'jon@example.com',
    total_price: '254.98',
  });
  const request = async (secretKey: string, topic = 'orders/create') => ({
    headers: {
      'x-shopify-hmac-sha256': await hmacSha256Base64(secretKey, body),
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': 'acme.myshopify.com',
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'x-shopify-event-id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
    },
    rawBody: body,
    receivedAt: Date.now(),
  });

  test('a webhook with the right HMAC starts a run; another topic starts none', async () => {
    await expect(
      verifyPushRequest(shopifyConnector, 'webhook', await request('hush'), secret, {}),
    ).resolves.toEqual({
      status: 202,
      events: [
        {
          topic: 'orders/create',
          shop: 'acme.myshopify.com',
          webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
          eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5',
          payload: JSON.parse(body),
        },
      ],
    });
    await expect(
      verifyPushRequest(
        shopifyConnector,
        'webhook',
        await request('hush', 'products/update'),
        secret,
        {},
      ),
    ).resolves.toEqual({ status: 202, events: [] });
  });

  test('a wrong HMAC → 401 and no run', async () => {
    await expect(
      verifyPushRequest(shopifyConnector, 'webhook', await request('other'), secret, {}),
    ).resolves.toMatchObject({ status: 401 });
  });
});
