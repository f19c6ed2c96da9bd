import { z } from 'zod';
import {
  compact,
  ContactSchema,
  pageOf,
  type Contact,
  type ContactInput,
  type ListRequest,
} from '../../ports/canonical.js';
import { contactOperations, newContactTrigger } from '../../ports/crm-operations.js';
import type { CrmPort } from '../../ports/ports.js';
import {
  defineConnection,
  defineConnector,
  mapPage,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
  type PaginationSpec,
  type VendorFailure,
} from '../sdk/index.js';

// Zoho CRM API v6: https://www.zoho.com/crm/developer/docs/api/v6/. Each data centre has its own
// hosts (zohoapis.com, .eu, .in, …); records travel as `{ data: [...] }` with Zoho field names.

const DATA_CENTRES = ['com', 'eu', 'in', 'com.au', 'jp', 'ca', 'sa', 'com.cn'] as const;

const connection = defineConnection({
  auth: [
    oauth2Auth({
      id: 'oauth2',
      title: 'Sign in with Zoho',
      credentials: z.object({
        ...oauth2ClientFields,
        dataCentre: z
          .enum(DATA_CENTRES)
          .default('com')
          .meta({ title: 'Data centre (the domain of your Zoho account)' }),
      }),
      authorizeUrl: (c) => `https://accounts.zoho.${c.dataCentre}/oauth/v2/auth`,
      tokenUrl: (c) => `https://accounts.zoho.${c.dataCentre}/oauth/v2/token`,
      scopes: ['ZohoCRM.modules.contacts.ALL', 'ZohoCRM.settings.fields.READ'],
      scopeSeparator: ',',
      pkce: false,
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      tokenPrefix: 'Zoho-oauthtoken',
    }),
  ],
  baseUrl: (c) => `https://www.zohoapis.${c.dataCentre}/crm/v6`,
  allowedHosts: (c) => [`www.zohoapis.${c.dataCentre}`, `accounts.zoho.${c.dataCentre}`],
  // Zoho counts credits per day; 10 requests a second keeps well inside the concurrency limit.
  rateLimit: { requests: 10, perMs: 1000 },
  test: { method: 'GET', path: '/users', query: { type: 'CurrentUser' } },
  checkResponse: (response) => zohoFailure(response.body),
  errorMessage: (body) => zohoFailure(body)?.message,
});

/** Zoho answers writes with a per-record status, even in a 2xx. */
function zohoFailure(body: unknown): VendorFailure | undefined {
  const record = (body as { data?: { status?: string; code?: string; message?: string }[] } | null)
    ?.data?.[0];
  if (record?.status !== 'error') return undefined;
  const message = `Zoho CRM: ${record.code ?? 'ERROR'}${record.message ? `: ${record.message}` : ''}`;
  return record.code === 'INVALID_TOKEN' || record.code === 'OAUTH_SCOPE_MISMATCH'
    ? { kind: 'auth', message }
    : { kind: 'rejected', message };
}

const FIELDS = [
  'Email',
  'First_Name',
  'Last_Name',
  'Phone',
  'Account_Name',
  'Created_Time',
  'Modified_Time',
];

interface ZohoContact {
  id: string;
  Email?: string | null;
  First_Name?: string | null;
  Last_Name?: string | null;
  Phone?: string | null;
  Account_Name?: { name?: string; id?: string } | null;
  Created_Time?: string;
  Modified_Time?: string;
}

const iso = (time: string | undefined) => (time ? new Date(time).toISOString() : undefined);

export function toContact(raw: ZohoContact): Contact {
  return compact({
    id: raw.id,
    source: { connector: 'zoho_crm', id: raw.id },
    email: raw.Email ?? undefined,
    firstName: raw.First_Name ?? undefined,
    lastName: raw.Last_Name ?? undefined,
    phone: raw.Phone ?? undefined,
    company: raw.Account_Name?.name ?? undefined,
    createdAt: iso(raw.Created_Time),
    updatedAt: iso(raw.Modified_Time),
    raw,
  });
}

/** Canonical fields as Zoho fields; `properties` passes other Zoho fields by their API names. */
export function zohoFields(input: ContactInput): Record<string, unknown> {
  return compact({
    ...input.properties,
    Email: input.email,
    First_Name: input.firstName,
    Last_Name: input.lastName,
    Phone: input.phone,
  });
}

const PAGES: PaginationSpec = {
  style: 'cursor',
  cursorParam: 'page_token',
  nextCursorPath: 'info.next_page_token',
  hasMorePath: 'info.more_records',
  itemsPath: 'data',
  limitParam: 'per_page',
};

async function listContacts(http: ConnectorHttp, request: ListRequest) {
  const page = await http.paginate<ZohoContact>(
    { method: 'GET', path: '/Contacts', query: { fields: FIELDS.join(',') } },
    {
      pagination: PAGES,
      limit: request.limit,
      pageSize: 200,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    },
  );
  return mapPage(toContact)(page);
}

async function getContact(http: ConnectorHttp, id: string): Promise<Contact> {
  const { body } = await http.request<{ data: ZohoContact[] }>({
    method: 'GET',
    path: `/Contacts/${encodeURIComponent(id)}`,
  });
  return toContact(body.data[0] as ZohoContact);
}

interface WriteResult {
  data: {
    code: string;
    action?: 'insert' | 'update';
    details: { id: string; Created_Time?: string; Modified_Time?: string };
  }[];
}

/** A written record as Zoho confirms it: its id and times, with the fields that were sent. */
function written(input: ContactInput, result: WriteResult): Contact {
  const record = result.data[0]!;
  return toContact({
    ...(zohoFields(input) as Partial<ZohoContact>),
    id: record.details.id,
    ...(record.details.Created_Time ? { Created_Time: record.details.Created_Time } : {}),
    ...(record.details.Modified_Time ? { Modified_Time: record.details.Modified_Time } : {}),
  });
}

async function write(
  http: ConnectorHttp,
  method: 'POST' | 'PUT',
  path: string,
  input: ContactInput,
  extra = {},
) {
  const { body } = await http.request<WriteResult>({
    method,
    path,
    json: { data: [zohoFields(input)], ...extra },
  });
  return { contact: written(input, body), action: body.data[0]?.action };
}

const listParams = z.object({
  limit: z.int().min(1).max(1000).default(200),
  pageToken: z.string().optional().meta({ title: 'Page token (a page’s nextCursor)' }),
});

const listContactsOp = connection.operation({
  id: 'list_contacts',
  title: 'List contacts',
  description: 'Contacts with their main fields.',
  params: listParams,
  output: pageOf(ContactSchema),
  run: ({ http, params }) => listContacts(http, { limit: params.limit, cursor: params.pageToken }),
});

async function upsert(http: ConnectorHttp, input: ContactInput) {
  const { contact, action } = await write(http, 'POST', '/Contacts/upsert', input, {
    duplicate_check_fields: ['Email'],
  });
  return { created: action !== 'update', record: contact };
}

/** Zoho's criteria want `+00:00` offsets, not `Z`, and no milliseconds. */
const zohoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const newContact = newContactTrigger({
  description:
    'Starts a run for each contact created since the last poll (record search by Created_Time).',
  async search(http, sinceMs) {
    const { body } = await http.request<{ data?: ZohoContact[] } | null>({
      method: 'GET',
      path: '/Contacts/search',
      query: {
        criteria: `(Created_Time:greater_equal:${zohoTime(sinceMs)})`,
        fields: FIELDS.join(','),
        per_page: 200,
      },
    });
    // 204 No Content (an empty body) when nothing matches.
    return body?.data ?? [];
  },
  createdAt: (record) => record.Created_Time,
  toContact,
});

const zohoPort: CrmPort<unknown> = {
  listContacts: ({ http }, request) => listContacts(http, request),
  getContact: ({ http }, id) => getContact(http, id),
  createContact: async ({ http }, input) => (await write(http, 'POST', '/Contacts', input)).contact,
  updateContact: async ({ http }, id, input) =>
    (await write(http, 'PUT', `/Contacts/${encodeURIComponent(id)}`, input)).contact,
  upsertContact: ({ http }, input) => upsert(http, input),
};

export const zohoCrmConnector = defineConnector({
  id: 'zoho_crm',
  title: 'Zoho CRM',
  description: 'Contacts in Zoho CRM (API v6), in any Zoho data centre.',
  category: 'crm',
  icon: 'zoho',
  docsUrl: 'https://www.zoho.com/crm/developer/docs/api/v6/',
  connection,
  operations: [
    listContactsOp,
    ...contactOperations('Zoho record', zohoPort, {
      create: 'Zoho requires a last name.',
      upsert: 'Zoho’s own upsert, with the email as the duplicate check.',
    }),
  ],
  triggers: [newContact],
  port: zohoPort,
});
