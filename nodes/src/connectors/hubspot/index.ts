import { z } from 'zod';
import {
  CompanySchema,
  compact,
  ContactSchema,
  DealSchema,
  pageOf,
  type Company,
  type Contact,
  type ContactInput,
  type Deal,
  type ListRequest,
} from '../../ports/canonical.js';
import { contactOperations, newContactTrigger } from '../../ports/crm-operations.js';
import type { CrmPort } from '../../ports/ports.js';
import {
  bearerAuth,
  defineConnection,
  defineConnector,
  mapPage,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
  type PaginationSpec,
} from '../sdk/index.js';
import { constantTimeEqual, hmacSha256Base64, isFresh } from '../sdk/signatures.js';

// HubSpot CRM v3: https://developers.hubspot.com/docs/api/crm/understanding-the-crm. Records are
// `{ id, properties, createdAt, updatedAt }`; lists page with `after` = `paging.next.after`.

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'private_app',
      title: 'Private app access token',
      credentials: z.object({
        accessToken: z
          .string()
          .startsWith('pat-')
          .meta({ title: 'Access token (pat-…)', secret: true }),
        // A private app signs its webhooks with its client secret, shown beside its token.
        clientSecret: z
          .string()
          .min(1)
          .optional()
          .meta({ title: 'Client secret (to verify webhooks)', secret: true }),
      }),
      token: (c) => c.accessToken,
    }),
    oauth2Auth({
      id: 'oauth2',
      title: 'Sign in with HubSpot',
      credentials: z.object({ ...oauth2ClientFields }),
      authorizeUrl: () => 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: () => 'https://api.hubapi.com/oauth/v1/token',
      scopes: [
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.companies.read',
        'crm.objects.deals.read',
      ],
      pkce: false,
    }),
  ],
  baseUrl: () => 'https://api.hubapi.com',
  // Private apps may make 100 requests every 10 seconds (Free and Starter).
  rateLimit: { requests: 100, perMs: 10_000 },
  test: { method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: 1 } },
});

const PAGES: PaginationSpec = {
  style: 'cursor',
  cursorParam: 'after',
  nextCursorPath: 'paging.next.after',
  itemsPath: 'results',
  limitParam: 'limit',
};
const PAGE_SIZE = 100;
const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'createdate',
  'lastmodifieddate',
];
const COMPANY_PROPERTIES = ['name', 'domain'];
const DEAL_PROPERTIES = ['dealname', 'amount', 'dealstage', 'deal_currency_code'];

interface HubspotRecord {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
}

const prop = (r: HubspotRecord, name: string) => r.properties[name] ?? undefined;

export function toContact(raw: HubspotRecord): Contact {
  return compact({
    id: raw.id,
    source: { connector: 'hubspot', id: raw.id },
    email: prop(raw, 'email'),
    firstName: prop(raw, 'firstname'),
    lastName: prop(raw, 'lastname'),
    phone: prop(raw, 'phone'),
    company: prop(raw, 'company'),
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    raw,
  });
}

/** Canonical contact fields as HubSpot properties; `properties` passes any other HubSpot property. */
export function contactProperties(input: ContactInput): Record<string, unknown> {
  return compact({
    ...input.properties,
    email: input.email,
    firstname: input.firstName,
    lastname: input.lastName,
    phone: input.phone,
    company: input.company,
  });
}

const toCompany = (raw: HubspotRecord): Company =>
  compact({
    id: raw.id,
    source: { connector: 'hubspot', id: raw.id },
    name: prop(raw, 'name'),
    domain: prop(raw, 'domain'),
    createdAt: raw.createdAt,
    raw,
  });

const toDeal = (raw: HubspotRecord): Deal => {
  const amount = prop(raw, 'amount');
  return compact({
    id: raw.id,
    source: { connector: 'hubspot', id: raw.id },
    name: prop(raw, 'dealname'),
    amount: amount === undefined ? undefined : Number(amount),
    currency: prop(raw, 'deal_currency_code'),
    stage: prop(raw, 'dealstage'),
    createdAt: raw.createdAt,
    raw,
  });
};

async function listObjects<E>(
  http: ConnectorHttp,
  object: string,
  properties: string[],
  request: ListRequest,
  map: (raw: HubspotRecord) => E,
) {
  const page = await http.paginate<HubspotRecord>(
    {
      method: 'GET',
      path: `/crm/v3/objects/${object}`,
      query: { properties: properties.join(',') },
    },
    {
      pagination: PAGES,
      limit: request.limit,
      pageSize: PAGE_SIZE,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    },
  );
  return mapPage(map)(page);
}

async function findContactByEmail(
  http: ConnectorHttp,
  email: string,
): Promise<HubspotRecord | undefined> {
  const { body } = await http.request<{ results: HubspotRecord[] }>({
    method: 'POST',
    path: '/crm/v3/objects/contacts/search',
    json: {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
      properties: CONTACT_PROPERTIES,
      limit: 1,
    },
  });
  return body.results[0];
}

async function createContact(http: ConnectorHttp, input: ContactInput): Promise<Contact> {
  const { body } = await http.request<HubspotRecord>({
    method: 'POST',
    path: '/crm/v3/objects/contacts',
    json: { properties: contactProperties(input) },
  });
  return toContact(body);
}

async function updateContact(
  http: ConnectorHttp,
  id: string,
  input: ContactInput,
): Promise<Contact> {
  const { body } = await http.request<HubspotRecord>({
    method: 'PATCH',
    path: `/crm/v3/objects/contacts/${encodeURIComponent(id)}`,
    json: { properties: contactProperties(input) },
  });
  return toContact(body);
}

async function upsertContact(http: ConnectorHttp, input: ContactInput) {
  const existing = input.email ? await findContactByEmail(http, input.email) : undefined;
  return existing
    ? { created: false, record: await updateContact(http, existing.id, input) }
    : { created: true, record: await createContact(http, input) };
}

const listParams = z.object({
  limit: z.int().min(1).max(1000).default(100),
  after: z.string().optional().meta({ title: 'Start after (a page’s nextCursor)' }),
});

const listContacts = connection.operation({
  id: 'list_contacts',
  title: 'List contacts',
  description: 'Contacts with their main properties, oldest first.',
  params: listParams,
  output: pageOf(ContactSchema),
  http: {
    method: 'GET',
    path: '/crm/v3/objects/contacts',
    query: () => ({ properties: CONTACT_PROPERTIES.join(',') }),
    pagination: { spec: PAGES, pageSize: PAGE_SIZE, limit: (p) => p.limit, cursor: (p) => p.after },
  },
  map: mapPage(toContact),
});

async function getContact(http: ConnectorHttp, id: string): Promise<Contact> {
  const { body } = await http.request<HubspotRecord>({
    method: 'GET',
    path: `/crm/v3/objects/contacts/${encodeURIComponent(id)}`,
    query: { properties: CONTACT_PROPERTIES.join(',') },
  });
  return toContact(body);
}

const listCompanies = connection.operation({
  id: 'list_companies',
  title: 'List companies',
  description: 'Companies with their name and domain.',
  params: listParams,
  output: pageOf(CompanySchema),
  run: ({ http, params }) =>
    listObjects(
      http,
      'companies',
      COMPANY_PROPERTIES,
      { limit: params.limit, cursor: params.after },
      toCompany,
    ),
});

const listDeals = connection.operation({
  id: 'list_deals',
  title: 'List deals',
  description: 'Deals with their name, amount and stage.',
  params: listParams,
  output: pageOf(DealSchema),
  run: ({ http, params }) =>
    listObjects(
      http,
      'deals',
      DEAL_PROPERTIES,
      { limit: params.limit, cursor: params.after },
      toDeal,
    ),
});

// https://developers.hubspot.com/docs/api/crm/deals (create, with an association to a contact:
// HubSpot's deal-to-contact association type is 3).
const createDeal = connection.operation({
  id: 'create_deal',
  title: 'Create deal',
  description: 'Creates a deal in a pipeline stage, optionally associated with a contact.',
  params: z.object({
    name: z.string().min(1).meta({ title: 'Deal name' }),
    amount: z.number().nonnegative().optional(),
    pipeline: z.string().min(1).default('default').meta({ options: 'deal_pipelines' }),
    stage: z.string().min(1).default('appointmentscheduled').meta({ title: 'Deal stage' }),
    contactId: z.string().min(1).optional().meta({ title: 'Associated contact id' }),
  }),
  output: DealSchema,
  http: {
    method: 'POST',
    path: '/crm/v3/objects/deals',
    json: (p) => ({
      properties: compact({
        dealname: p.name,
        amount: p.amount === undefined ? undefined : String(p.amount),
        pipeline: p.pipeline,
        dealstage: p.stage,
      }),
      ...(p.contactId
        ? {
            associations: [
              {
                to: { id: p.contactId },
                types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
              },
            ],
          }
        : {}),
    }),
  },
  map: (body) => toDeal(body as HubspotRecord),
});

const newContact = newContactTrigger({
  description:
    'Starts a run for each contact created since the last poll (CRM search by create date).',
  // https://developers.hubspot.com/docs/api/crm/search: at most 100 results a request, sorted.
  async search(http, sinceMs) {
    const { body } = await http.request<{ results: HubspotRecord[] }>({
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      json: {
        filterGroups: [
          { filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(sinceMs) }] },
        ],
        sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
        properties: CONTACT_PROPERTIES,
        limit: 100,
      },
    });
    return body.results;
  },
  createdAt: (record) => record.properties.createdate ?? record.createdAt,
  toContact,
});

// HubSpot's v3 signature covers the URI with these escapes decoded, and nothing else decoded
// (https://developers.hubspot.com/docs/api/webhooks/validating-requests).
const SIGNED_URI_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
const signedUri = (url: string) =>
  url.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (m) => SIGNED_URI_ESCAPES[m.toUpperCase()]!,
  );

const CrmEventSchema = z.object({
  eventId: z.string(),
  subscriptionType: z.string(),
  objectId: z.string().optional(),
  portalId: z.number().optional(),
  occurredAt: z.number().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  raw: z.unknown(),
});

interface HubspotEvent {
  eventId?: number | string;
  subscriptionType?: string;
  objectId?: number | string;
  portalId?: number;
  occurredAt?: number;
  propertyName?: string;
  propertyValue?: string;
}

const crmEvent = connection.pushTrigger({
  id: 'crm_event',
  title: 'CRM event',
  description:
    'Starts a run for each webhook event of the chosen subscription types (contact.creation, …), checked by its v3 signature.',
  params: z.object({
    subscriptionTypes: z.array(z.string().min(1)).default(['contact.creation']),
  }),
  output: CrmEventSchema,
  // v3: base64 HMAC-SHA256, keyed with the app's client secret, of method + URI + body + timestamp
  // (ms); older than five minutes is refused.
  async verify(request, credentials) {
    const secret = credentials.clientSecret;
    const signature = request.headers['x-hubspot-signature-v3'];
    const timestamp = request.headers['x-hubspot-request-timestamp'];
    if (!secret || !signature || !timestamp || !request.method || !request.url) return false;
    if (!isFresh(Number(timestamp) / 1000, request.receivedAt)) return false;
    const signed = `${request.method}${signedUri(request.url)}${request.rawBody}${timestamp}`;
    return constantTimeEqual(await hmacSha256Base64(secret, signed), signature);
  },
  eventId: (event) => event.eventId,
  events(request, params) {
    const body: unknown = JSON.parse(request.rawBody);
    const events = (Array.isArray(body) ? body : []) as HubspotEvent[];
    return events
      .filter(
        (e) =>
          e.eventId !== undefined && params.subscriptionTypes.includes(e.subscriptionType ?? ''),
      )
      .map((e) =>
        compact({
          eventId: String(e.eventId),
          subscriptionType: e.subscriptionType!,
          objectId: e.objectId === undefined ? undefined : String(e.objectId),
          portalId: e.portalId,
          occurredAt: e.occurredAt,
          propertyName: e.propertyName,
          propertyValue: e.propertyValue,
          raw: e,
        }),
      );
  },
});

// https://developers.hubspot.com/docs/api/crm/pipelines
const dealPipelines = connection.options({
  id: 'deal_pipelines',
  title: 'Deal pipelines',
  async load({ http, search }) {
    const { body } = await http.request<{ results: { id: string; label: string }[] }>({
      method: 'GET',
      path: '/crm/v3/pipelines/deals',
    });
    const needle = search?.toLowerCase();
    return body.results
      .filter((p) => !needle || p.label.toLowerCase().includes(needle))
      .map((p) => ({ value: p.id, label: p.label }));
  },
});

const hubspotPort: CrmPort<unknown> = {
  listContacts: ({ http }, request) =>
    listObjects(http, 'contacts', CONTACT_PROPERTIES, request, toContact),
  getContact: ({ http }, id) => getContact(http, id),
  createContact: ({ http }, input) => createContact(http, input),
  updateContact: ({ http }, id, input) => updateContact(http, id, input),
  upsertContact: ({ http }, input) => upsertContact(http, input),
  listCompanies: ({ http }, request) =>
    listObjects(http, 'companies', COMPANY_PROPERTIES, request, toCompany),
  listDeals: ({ http }, request) => listObjects(http, 'deals', DEAL_PROPERTIES, request, toDeal),
};

export const hubspotConnector = defineConnector({
  id: 'hubspot',
  title: 'HubSpot',
  description: 'Contacts, companies and deals in HubSpot CRM (v3).',
  category: 'crm',
  icon: 'hubspot',
  docsUrl: 'https://developers.hubspot.com/docs/api/crm/contacts',
  connection,
  operations: [
    listContacts,
    ...contactOperations('HubSpot', hubspotPort, {
      create: 'HubSpot refuses a second contact with the same email (409).',
    }),
    listCompanies,
    listDeals,
    createDeal,
  ],
  triggers: [newContact, crmEvent],
  options: [dealPipelines],
  port: hubspotPort,
});
