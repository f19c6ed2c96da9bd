import { z } from 'zod';
import {
  compact,
  CustomerSchema,
  OrderSchema,
  pageOf,
  ProductSchema,
  type Customer,
  type ListRequest,
  type Order,
  type Product,
} from '../../ports/canonical.js';
import {
  apiKeyAuth,
  defineConnection,
  defineConnector,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
  type ConnectorResponse,
  type VendorFailure,
} from '../sdk/index.js';
import { NodeError, NodeErrorCode } from '../../node-error.js';
import { constantTimeEqual, hmacSha256Base64 } from '../sdk/signatures.js';

// Shopify Admin GraphQL API: https://shopify.dev/docs/api/admin-graphql. One endpoint per shop and
// API version; failures come back as `errors` (THROTTLED when the cost bucket is empty) in a 200.

const API_VERSION = '2024-10';
const shop = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/)
  .meta({ title: 'Shop domain (your-shop.myshopify.com)' });
const webhookSecret = z
  .string()
  .min(1)
  .optional()
  .meta({ title: 'Webhook signing secret', secret: true });

const connection = defineConnection({
  auth: [
    apiKeyAuth({
      id: 'admin_token',
      title: 'Admin API access token (custom app)',
      credentials: z.object({
        shop,
        accessToken: z
          .string()
          .startsWith('shpat_')
          .meta({ title: 'Access token (shpat_…)', secret: true }),
        webhookSecret,
      }),
      in: 'header',
      name: 'X-Shopify-Access-Token',
      value: (c) => c.accessToken,
    }),
    oauth2Auth({
      id: 'oauth2',
      title: 'Install the app on the shop',
      credentials: z.object({ ...oauth2ClientFields, shop, webhookSecret }),
      authorizeUrl: (c) => `https://${c.shop}/admin/oauth/authorize`,
      tokenUrl: (c) => `https://${c.shop}/admin/oauth/access_token`,
      scopes: ['read_orders', 'read_products', 'write_products', 'read_customers'],
      scopeSeparator: ',',
      pkce: false,
      tokenHeader: 'X-Shopify-Access-Token',
    }),
  ],
  baseUrl: (c) => `https://${c.shop}/admin/api/${API_VERSION}`,
  allowedHosts: (c) => [c.shop],
  // The GraphQL cost bucket refills at 50 points a second; most queries here cost 10 to 30.
  rateLimit: { requests: 4, perMs: 1000 },
  test: { run: async ({ http }) => void (await graphql(http, '{ shop { name } }', {})) },
  checkResponse: graphqlFailure,
});

function graphqlFailure(response: ConnectorResponse): VendorFailure | undefined {
  const errors = (
    response.body as { errors?: { message?: string; extensions?: { code?: string } }[] } | null
  )?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const message = `Shopify: ${errors.map((e) => e.message ?? 'error').join('; ')}`;
  const code = errors[0]?.extensions?.code;
  if (code === 'THROTTLED') return { kind: 'rate_limited', message, retryAfterMs: 1000 };
  if (code === 'ACCESS_DENIED') return { kind: 'auth', message };
  return { kind: 'rejected', message };
}

async function graphql<T>(
  http: ConnectorHttp,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const { body } = await http.request<{ data: T }>({
    method: 'POST',
    path: '/graphql.json',
    json: { query, variables },
  });
  return body.data;
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A GraphQL connection page (first/after) as canonical entities; the end cursor resumes it. */
async function listNodes<T, E>(
  http: ConnectorHttp,
  field: string,
  selection: string,
  request: ListRequest,
  map: (node: T) => E,
): Promise<{ items: E[]; nextCursor?: string }> {
  const query = `query List($first: Int!, $after: String) { ${field}(first: $first, after: $after, reverse: true) { edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor } } }`;
  const data = await graphql<Record<string, Connection<T>>>(http, query, {
    first: Math.min(request.limit, 250),
    after: request.cursor ?? null,
  });
  const page = data[field] as Connection<T>;
  return compact({
    items: page.edges.map((e) => map(e.node)),
    nextCursor: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined,
  });
}

interface Money {
  shopMoney: { amount: string; currencyCode: string };
}
interface ShopifyOrder {
  id: string;
  name?: string;
  email?: string | null;
  createdAt?: string;
  displayFinancialStatus?: string | null;
  totalPriceSet?: Money;
}
interface ShopifyProduct {
  id: string;
  title?: string;
  status?: string;
  createdAt?: string;
  priceRangeV2?: { minVariantPrice: { amount: string; currencyCode: string } };
}
interface ShopifyCustomer {
  id: string;
  email?: string | null;
  displayName?: string;
  createdAt?: string;
}

const ORDER_FIELDS =
  'id name email createdAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } }';
const PRODUCT_FIELDS =
  'id title status createdAt priceRangeV2 { minVariantPrice { amount currencyCode } }';
const CUSTOMER_FIELDS = 'id email displayName createdAt';

export function toOrder(raw: ShopifyOrder): Order {
  return compact({
    id: raw.id,
    source: { connector: 'shopify', id: raw.id },
    number: raw.name,
    status: raw.displayFinancialStatus?.toLowerCase(),
    total: raw.totalPriceSet ? Number(raw.totalPriceSet.shopMoney.amount) : undefined,
    currency: raw.totalPriceSet?.shopMoney.currencyCode,
    customerEmail: raw.email ?? undefined,
    createdAt: raw.createdAt,
    raw,
  });
}

export function toProduct(raw: ShopifyProduct): Product {
  const price = raw.priceRangeV2?.minVariantPrice;
  return compact({
    id: raw.id,
    source: { connector: 'shopify', id: raw.id },
    title: raw.title,
    status: raw.status?.toLowerCase(),
    price: price ? Number(price.amount) : undefined,
    currency: price?.currencyCode,
    createdAt: raw.createdAt,
    raw,
  });
}

const toCustomer = (raw: ShopifyCustomer): Customer =>
  compact({
    id: raw.id,
    source: { connector: 'shopify', id: raw.id },
    email: raw.email ?? undefined,
    name: raw.displayName,
    createdAt: raw.createdAt,
    raw,
  });

async function getOrderById(http: ConnectorHttp, id: string): Promise<Order> {
  const query = `query Get($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
  return toOrder((await graphql<{ order: ShopifyOrder }>(http, query, { id })).order);
}

const listParams = z.object({
  limit: z.int().min(1).max(250).default(50),
  after: z.string().optional().meta({ title: 'After (a page’s nextCursor)' }),
});
const gid = z.string().startsWith('gid://shopify/');

const listOrders = connection.operation({
  id: 'list_orders',
  title: 'List orders',
  description: 'The newest orders with their total and financial status.',
  params: listParams,
  output: pageOf(OrderSchema),
  run: ({ http, params }) =>
    listNodes(http, 'orders', ORDER_FIELDS, { limit: params.limit, cursor: params.after }, toOrder),
});

const getOrder = connection.operation({
  id: 'get_order',
  title: 'Get order',
  description: 'One order by its GraphQL id (gid://shopify/Order/…).',
  params: z.object({ id: gid }),
  output: OrderSchema,
  run: ({ http, params }) => getOrderById(http, params.id),
});

const listProducts = connection.operation({
  id: 'list_products',
  title: 'List products',
  description: 'The newest products with their lowest variant price.',
  params: listParams,
  output: pageOf(ProductSchema),
  run: ({ http, params }) =>
    listNodes(
      http,
      'products',
      PRODUCT_FIELDS,
      { limit: params.limit, cursor: params.after },
      toProduct,
    ),
});

const productFields = z.object({
  title: z.string().min(1),
  descriptionHtml: z.string().optional(),
  status: z.enum(['ACTIVE', 'DRAFT', 'ARCHIVED']).default('DRAFT'),
});

/** productCreate / productUpdate: `userErrors` are the vendor's refusal, in a 200. */
async function saveProduct(
  http: ConnectorHttp,
  mutation: 'productCreate' | 'productUpdate',
  input: Record<string, unknown>,
) {
  const data = await graphql<
    Record<
      string,
      { product: ShopifyProduct | null; userErrors: { field?: string[]; message: string }[] }
    >
  >(
    http,
    `mutation Save($input: ProductInput!) { ${mutation}(input: $input) { product { ${PRODUCT_FIELDS} } userErrors { field message } } }`,
    { input },
  );
  const result = data[mutation]!;
  if (result.userErrors.length > 0 || !result.product) {
    throw new NodeError(
      NodeErrorCode.VENDOR_ERROR,
      `Shopify: ${result.userErrors.map((e) => e.message).join('; ')}`,
    );
  }
  return toProduct(result.product);
}

const createProduct = connection.operation({
  id: 'create_product',
  title: 'Create product',
  description: 'Creates a product (a draft unless the status says).',
  params: productFields,
  output: ProductSchema,
  run: ({ http, params }) => saveProduct(http, 'productCreate', params),
});

const updateProduct = connection.operation({
  id: 'update_product',
  title: 'Update product',
  description: 'Changes the title, description or status of a product.',
  params: productFields.partial().extend({ id: gid }),
  output: ProductSchema,
  run: ({ http, params }) => saveProduct(http, 'productUpdate', params),
});

const listCustomers = connection.operation({
  id: 'list_customers',
  title: 'List customers',
  description: 'The newest customers.',
  params: listParams,
  output: pageOf(CustomerSchema),
  run: ({ http, params }) =>
    listNodes(
      http,
      'customers',
      CUSTOMER_FIELDS,
      { limit: params.limit, cursor: params.after },
      toCustomer,
    ),
});

const webhook = connection.pushTrigger({
  id: 'webhook',
  title: 'Webhook',
  description:
    'Starts a run for each webhook of the chosen topics (orders/create, …), checked by its HMAC.',
  params: z.object({ topics: z.array(z.string().min(1)).default(['orders/create']) }),
  output: z.object({
    topic: z.string(),
    shop: z.string().optional(),
    webhookId: z.string().optional(),
    eventId: z.string().optional(),
    payload: z.unknown(),
  }),
  // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
  async verify(request, credentials) {
    const secret =
      credentials.webhookSecret ??
      (credentials.method === 'oauth2' ? credentials.clientSecret : undefined);
    const signature = request.headers['x-shopify-hmac-sha256'];
    if (!secret || !signature) return false;
    return constantTimeEqual(await hmacSha256Base64(secret, request.rawBody), signature);
  },
  // https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates: X-Shopify-Event-Id is the same
  // on every webhook about one event.
  eventId: (event) => event.eventId,
  events(request, params) {
    const topic = request.headers['x-shopify-topic'] ?? '';
    if (!params.topics.includes(topic)) return [];
    return [
      compact({
        topic,
        shop: request.headers['x-shopify-shop-domain'],
        webhookId: request.headers['x-shopify-webhook-id'],
        eventId: request.headers['x-shopify-event-id'],
        payload: JSON.parse(request.rawBody) as unknown,
      }),
    ];
  },
});

export const shopifyConnector = defineConnector({
  id: 'shopify',
  title: 'Shopify',
  description:
    'Orders, products and customers of a Shopify shop (Admin GraphQL API), and its webhooks.',
  category: 'commerce',
  icon: 'shopify',
  docsUrl: 'https://shopify.dev/docs/api/admin-graphql',
  connection,
  operations: [listOrders, getOrder, listProducts, createProduct, updateProduct, listCustomers],
  triggers: [webhook],
  port: {
    listOrders: ({ http }, request) => listNodes(http, 'orders', ORDER_FIELDS, request, toOrder),
    getOrder: ({ http }, id) => getOrderById(http, id),
    listProducts: ({ http }, request) =>
      listNodes(http, 'products', PRODUCT_FIELDS, request, toProduct),
    listCustomers: ({ http }, request) =>
      listNodes(http, 'customers', CUSTOMER_FIELDS, request, toCustomer),
  },
});
