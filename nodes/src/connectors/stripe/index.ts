import { z } from 'zod';
import {
  compact,
  CustomerSchema,
  InvoiceInputSchema,
  InvoiceSchema,
  pageOf,
  PaymentSchema,
  type Customer,
  type Invoice,
  type InvoiceInput,
  type ListRequest,
  type Payment,
} from '../../ports/canonical.js';
import {
  bearerAuth,
  defineConnection,
  defineConnector,
  mapPage,
  type ConnectorHttp,
  type PaginationSpec,
} from '../sdk/index.js';
import { constantTimeEqual, hmacSha256Hex, isFresh } from '../sdk/signatures.js';

// Stripe API: https://docs.stripe.com/api. Form-encoded bodies, amounts in minor units, list
// endpoints paged by `starting_after` (the last id) while `has_more`.

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'secret_key',
      title: 'Secret key',
      credentials: z.object({
        secretKey: z
          .string()
          .regex(/^(sk|rk)_(test|live)_/)
          .meta({ title: 'Secret or restricted key (sk_… / rk_…)', secret: true }),
        webhookSecret: z
          .string()
          .startsWith('whsec_')
          .optional()
          .meta({ title: 'Webhook signing secret (whsec_…)', secret: true }),
      }),
      token: (c) => c.secretKey,
    }),
  ],
  baseUrl: () => 'https://api.stripe.com/v1',
  // Stripe allows 100 requests a second in live mode and 25 in test mode.
  rateLimit: { requests: 25, perMs: 1000 },
  test: { method: 'GET', path: '/balance' },
});

const PAGES: PaginationSpec = {
  style: 'cursor',
  cursorParam: 'starting_after',
  lastItemField: 'id',
  hasMorePath: 'has_more',
  itemsPath: 'data',
  limitParam: 'limit',
};
const LIST_PAGE_SIZE = 100;
/** How every list operation pages: `limit` items from `startingAfter`. */
const LIST_PAGES = {
  spec: PAGES,
  pageSize: LIST_PAGE_SIZE,
  limit: (p: { limit: number }) => p.limit,
  cursor: (p: { startingAfter?: string | undefined }) => p.startingAfter,
};

// https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);
const toMinor = (amount: number, currency: string) =>
  Math.round(ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount * 100);
const fromMinor = (amount: number | null | undefined, currency: string | undefined) =>
  amount === null || amount === undefined
    ? undefined
    : ZERO_DECIMAL.has((currency ?? '').toLowerCase())
      ? amount
      : amount / 100;
const iso = (seconds: number | undefined) =>
  seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();

interface StripeCustomer {
  id: string;
  email?: string | null;
  name?: string | null;
  created?: number;
}
interface StripeInvoice {
  id: string;
  customer?: string | { id: string } | null;
  status?: string | null;
  total?: number;
  amount_due?: number;
  currency?: string;
  due_date?: number | null;
  hosted_invoice_url?: string | null;
}
interface StripePaymentIntent {
  id: string;
  amount?: number;
  currency?: string;
  status?: string;
  customer?: string | { id: string } | null;
  created?: number;
}

const idOf = (ref: string | { id: string } | null | undefined) =>
  typeof ref === 'string' ? ref : (ref?.id ?? undefined);

export function toCustomer(raw: StripeCustomer): Customer {
  return compact({
    id: raw.id,
    source: { connector: 'stripe', id: raw.id },
    email: raw.email ?? undefined,
    name: raw.name ?? undefined,
    createdAt: iso(raw.created),
    raw,
  });
}

export function toInvoice(raw: StripeInvoice): Invoice {
  return compact({
    id: raw.id,
    source: { connector: 'stripe', id: raw.id },
    customerId: idOf(raw.customer),
    status: raw.status ?? undefined,
    total: fromMinor(raw.total, raw.currency),
    amountDue: fromMinor(raw.amount_due, raw.currency),
    currency: raw.currency,
    dueDate: raw.due_date ? iso(raw.due_date) : undefined,
    url: raw.hosted_invoice_url ?? undefined,
    raw,
  });
}

export function toPayment(raw: StripePaymentIntent): Payment {
  return compact({
    id: raw.id,
    source: { connector: 'stripe', id: raw.id },
    amount: fromMinor(raw.amount, raw.currency),
    currency: raw.currency,
    status: raw.status,
    customerId: idOf(raw.customer),
    createdAt: iso(raw.created),
    raw,
  });
}

const listParams = z.object({
  limit: z.int().min(1).max(1000).default(100),
  startingAfter: z.string().optional().meta({ title: 'Start after this id (a page’s nextCursor)' }),
});

/** A list endpoint as canonical entities, paged from `cursor`. */
async function list<T, E>(
  http: ConnectorHttp,
  path: string,
  request: ListRequest,
  map: (raw: T) => E,
): Promise<{ items: E[]; nextCursor?: string }> {
  const page = await http.paginate<T>(
    { method: 'GET', path },
    {
      pagination: PAGES,
      limit: request.limit,
      pageSize: LIST_PAGE_SIZE,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    },
  );
  return mapPage(map)(page);
}

const customerFields = z.object({
  email: z.email().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const listCustomers = connection.operation({
  id: 'list_customers',
  title: 'List customers',
  description: 'Customers, newest first.',
  params: listParams.extend({ email: z.email().optional() }),
  output: pageOf(CustomerSchema),
  http: {
    method: 'GET',
    path: '/customers',
    query: (p) => ({ email: p.email }),
    pagination: LIST_PAGES,
  },
  map: mapPage(toCustomer),
});

const getCustomer = connection.operation({
  id: 'get_customer',
  title: 'Get customer',
  description: 'One customer by id.',
  params: z.object({ id: z.string().min(1) }),
  output: CustomerSchema,
  http: { method: 'GET', path: '/customers/{id}' },
  map: (body) => toCustomer(body as StripeCustomer),
});

const createCustomer = connection.operation({
  id: 'create_customer',
  title: 'Create customer',
  description: 'Creates a customer; a retried attempt creates no second one (idempotency key).',
  params: customerFields,
  output: CustomerSchema,
  http: {
    method: 'POST',
    path: '/customers',
    form: (p) => ({ ...p }),
    idempotencyHeader: 'Idempotency-Key',
  },
  map: (body) => toCustomer(body as StripeCustomer),
});

const updateCustomer = connection.operation({
  id: 'update_customer',
  title: 'Update customer',
  description: 'Changes the given fields of a customer.',
  params: customerFields.extend({ id: z.string().min(1) }),
  output: CustomerSchema,
  http: {
    method: 'POST',
    path: '/customers/{id}',
    form: ({ id: _id, ...fields }) => fields,
    idempotencyHeader: 'Idempotency-Key',
  },
  map: (body) => toCustomer(body as StripeCustomer),
});

const listInvoices = connection.operation({
  id: 'list_invoices',
  title: 'List invoices',
  description: 'Invoices, newest first, optionally of one customer or status.',
  params: listParams.extend({
    customer: z.string().optional(),
    status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).optional(),
  }),
  output: pageOf(InvoiceSchema),
  http: {
    method: 'GET',
    path: '/invoices',
    query: (p) => ({ customer: p.customer, status: p.status }),
    pagination: LIST_PAGES,
  },
  map: mapPage(toInvoice),
});

const getInvoice = connection.operation({
  id: 'get_invoice',
  title: 'Get invoice',
  description: 'One invoice by id.',
  params: z.object({ id: z.string().min(1) }),
  output: InvoiceSchema,
  http: { method: 'GET', path: '/invoices/{id}' },
  map: (body) => toInvoice(body as StripeInvoice),
});

async function createInvoice(http: ConnectorHttp, input: InvoiceInput): Promise<Invoice> {
  const currency = input.currency.toLowerCase();
  // The invoice first, then its items attached to it by id: nothing pending of the customer's
  // other invoices is swept in.
  const { body: draft } = await http.request<StripeInvoice>({
    method: 'POST',
    path: '/invoices',
    form: {
      customer: input.customerId,
      currency,
      collection_method: 'send_invoice',
      days_until_due: input.daysUntilDue,
      pending_invoice_items_behavior: 'exclude',
    },
    idempotencyHeader: 'Idempotency-Key',
  });
  for (const line of input.lines) {
    await http.request({
      method: 'POST',
      path: '/invoiceitems',
      form: {
        customer: input.customerId,
        invoice: draft.id,
        currency,
        description: line.description,
        amount: toMinor(line.amount * line.quantity, currency),
      },
      idempotencyHeader: 'Idempotency-Key',
    });
  }
  const { body } = await http.request<StripeInvoice>({
    method: 'GET',
    path: `/invoices/${encodeURIComponent(draft.id)}`,
  });
  return toInvoice(body);
}

const createInvoiceOp = connection.operation({
  id: 'create_invoice',
  title: 'Create invoice',
  description:
    'Creates a draft invoice sent for payment (send_invoice) with its lines, due in the given days.',
  params: InvoiceInputSchema,
  output: InvoiceSchema,
  run: ({ http, params }) => createInvoice(http, params),
});

const finalizeInvoice = connection.operation({
  id: 'finalize_invoice',
  title: 'Finalize invoice',
  description:
    'Finalizes a draft invoice so it can be paid (and sent, when collection is send_invoice).',
  params: z.object({ id: z.string().min(1) }),
  output: InvoiceSchema,
  http: {
    method: 'POST',
    path: '/invoices/{id}/finalize',
    // Stripe wants a form Content-Type on every POST, even one with no parameters.
    form: () => ({}),
    idempotencyHeader: 'Idempotency-Key',
  },
  map: (body) => toInvoice(body as StripeInvoice),
});

const listPayments = connection.operation({
  id: 'list_payments',
  title: 'List payments',
  description: 'Payment intents, newest first.',
  params: listParams.extend({ customer: z.string().optional() }),
  output: pageOf(PaymentSchema),
  http: {
    method: 'GET',
    path: '/payment_intents',
    query: (p) => ({ customer: p.customer }),
    pagination: LIST_PAGES,
  },
  map: mapPage(toPayment),
});

const StripeEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().optional(),
  livemode: z.boolean().optional(),
  object: z.unknown(),
});

const event = connection.pushTrigger({
  id: 'event',
  title: 'Event',
  description:
    'Starts a run for each webhook event of the chosen types, signed with the endpoint’s secret.',
  params: z.object({ eventTypes: z.array(z.string().min(1)).default(['invoice.paid']) }),
  output: StripeEventSchema,
  // https://docs.stripe.com/webhooks#verify-manually
  async verify(request, credentials) {
    const secret = credentials.webhookSecret;
    const header = request.headers['stripe-signature'];
    if (!secret || !header) return false;
    const parts = header.split(',').map((p) => p.split('=') as [string, string]);
    const timestamp = parts.find(([k]) => k === 't')?.[1];
    const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v);
    if (!timestamp || signatures.length === 0 || !isFresh(Number(timestamp), request.receivedAt))
      return false;
    const expected = await hmacSha256Hex(secret, `${timestamp}.${request.rawBody}`);
    return signatures.some((s) => constantTimeEqual(expected, s));
  },
  // https://docs.stripe.com/webhooks#handle-duplicate-events: a redelivered event keeps its id.
  eventId: (event) => event.id,
  events(request, params) {
    const body = JSON.parse(request.rawBody) as {
      id: string;
      type: string;
      created?: number;
      livemode?: boolean;
      data?: { object?: unknown };
    };
    if (!params.eventTypes.includes(body.type)) return [];
    return [
      compact({
        id: body.id,
        type: body.type,
        created: body.created,
        livemode: body.livemode,
        object: body.data?.object,
      }),
    ];
  },
});

export const stripeConnector = defineConnector({
  id: 'stripe',
  title: 'Stripe',
  description: 'Customers, invoices and payments in Stripe, and its webhook events.',
  category: 'billing',
  icon: 'stripe',
  docsUrl: 'https://docs.stripe.com/api',
  connection,
  operations: [
    listCustomers,
    getCustomer,
    createCustomer,
    updateCustomer,
    listInvoices,
    getInvoice,
    createInvoiceOp,
    finalizeInvoice,
    listPayments,
  ],
  triggers: [event],
  port: {
    listCustomers: ({ http }, request) => list(http, '/customers', request, toCustomer),
    async createCustomer({ http }, input) {
      const { body } = await http.request<StripeCustomer>({
        method: 'POST',
        path: '/customers',
        form: input,
        idempotencyHeader: 'Idempotency-Key',
      });
      return toCustomer(body);
    },
    listInvoices: ({ http }, request) => list(http, '/invoices', request, toInvoice),
    createInvoice: ({ http }, input) => createInvoice(http, input),
    listPayments: ({ http }, request) => list(http, '/payment_intents', request, toPayment),
  },
});
