// A HubSpot-shaped CRM: contacts and deals of the CRM API v3 as HubSpot documents them
// (https://developers.hubspot.com/docs/api/crm/contacts, /crm/search, /crm/pipelines), records as
// `{ id, properties, createdAt, updatedAt, archived }`, pages as `paging.next.after`. Every request
// needs the demo private app's token, as HubSpot's do.
import type { DemoRequest, DemoResponse, DemoRoute } from './routes.js';

export const HUBSPOT_DEMO_TOKEN = 'pat-demo-0000-0000';

interface HubspotRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
}

const hubspotError = (status: number, category: string, message: string): DemoResponse => ({
  status,
  body: { status: 'error', message, correlationId: crypto.randomUUID(), category },
});

/** HubSpot compares dates (createdate) as epoch milliseconds, everything else as text. */
function matches(record: HubspotRecord, filter: Filter): boolean {
  const raw = record.properties[filter.propertyName] ?? null;
  const asDate = filter.propertyName === 'createdate';
  const left = asDate && raw ? Date.parse(raw) : raw;
  const right = asDate ? Number(filter.value) : filter.value;
  switch (filter.operator) {
    case 'EQ':
      return typeof left === 'string' && typeof right === 'string'
        ? left.toLowerCase() === right.toLowerCase()
        : left === right;
    case 'GTE':
      return left !== null && right !== undefined && left >= right;
    case 'GT':
      return left !== null && right !== undefined && left > right;
    case 'HAS_PROPERTY':
      return raw !== null;
    default:
      return false;
  }
}

export function hubspotRoutes(): DemoRoute[] {
  const objects = {
    contacts: new Map<string, HubspotRecord>(),
    deals: new Map<string, HubspotRecord>(),
  };
  let nextId = 501;
  // Distinct creation times even when two contacts arrive in the same millisecond.
  let lastCreated = 0;

  const authorized = (req: DemoRequest) =>
    req.headers.authorization === `Bearer ${HUBSPOT_DEMO_TOKEN}`;
  const guard =
    (handle: (req: DemoRequest) => DemoResponse) =>
    (req: DemoRequest): DemoResponse =>
      authorized(req)
        ? handle(req)
        : hubspotError(
            401,
            'INVALID_AUTHENTICATION',
            'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          );

  const view = (record: HubspotRecord, properties: string[] | undefined) => ({
    ...record,
    properties: Object.fromEntries(
      Object.entries(record.properties).filter(
        ([name]) => !properties || properties.includes(name) || name === 'hs_object_id',
      ),
    ),
  });
  const objectOf = (name: string | undefined) => objects[name as keyof typeof objects];

  function create(store: Map<string, HubspotRecord>, properties: Record<string, unknown>) {
    const now = Math.max(Date.now(), lastCreated + 1);
    lastCreated = now;
    const id = String(nextId++);
    const at = new Date(now).toISOString();
    const record: HubspotRecord = {
      id,
      properties: {
        ...Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)])),
        createdate: at,
        lastmodifieddate: at,
        hs_object_id: id,
      },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    store.set(id, record);
    return record;
  }

  return [
    {
      method: 'GET',
      pattern: /^\/crm\/v3\/objects\/(contacts|deals)$/,
      handle: guard((req) => {
        const store = objectOf(req.params[0])!;
        const limit = Math.min(Number(req.query.get('limit') ?? 10), 100);
        const after = Number(req.query.get('after') ?? 0);
        const properties = req.query.get('properties')?.split(',');
        const all = [...store.values()].sort((a, b) => Number(a.id) - Number(b.id));
        const page = all.filter((r) => Number(r.id) > after).slice(0, limit);
        const last = page.at(-1);
        const more = last !== undefined && all.some((r) => Number(r.id) > Number(last.id));
        return {
          status: 200,
          body: {
            results: page.map((r) => view(r, properties)),
            ...(more ? { paging: { next: { after: last.id } } } : {}),
          },
        };
      }),
    },
    {
      method: 'GET',
      pattern: /^\/crm\/v3\/objects\/(contacts|deals)\/(\d+)$/,
      handle: guard((req) => {
        const record = objectOf(req.params[0])!.get(req.params[1]!);
        return record
          ? { status: 200, body: view(record, req.query.get('properties')?.split(',')) }
          : { status: 404, body: '' };
      }),
    },
    {
      method: 'POST',
      pattern: /^\/crm\/v3\/objects\/(contacts|deals)$/,
      handle: guard((req) => {
        const store = objectOf(req.params[0])!;
        const properties = (req.json.properties ?? {}) as Record<string, unknown>;
        const email = typeof properties.email === 'string' ? properties.email.toLowerCase() : '';
        const clash =
          email && [...store.values()].find((r) => r.properties.email?.toLowerCase() === email);
        if (clash)
          return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${clash.id}`);
        return { status: 201, body: create(store, properties) };
      }),
    },
    {
      method: 'PATCH',
      pattern: /^\/crm\/v3\/objects\/(contacts|deals)\/(\d+)$/,
      handle: guard((req) => {
        const record = objectOf(req.params[0])!.get(req.params[1]!);
        if (!record) return hubspotError(404, 'OBJECT_NOT_FOUND', 'resource not found');
        const properties = (req.json.properties ?? {}) as Record<string, unknown>;
        for (const [name, value] of Object.entries(properties))
          record.properties[name] = value === null ? null : String(value);
        record.updatedAt = new Date().toISOString();
        record.properties.lastmodifieddate = record.updatedAt;
        return { status: 200, body: record };
      }),
    },
    {
      method: 'POST',
      pattern: /^\/crm\/v3\/objects\/(contacts|deals)\/search$/,
      handle: guard((req) => {
        const body = req.json as {
          filterGroups?: { filters: Filter[] }[];
          sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
          properties?: string[];
          limit?: number;
        };
        const groups = body.filterGroups ?? [];
        let found = [...objectOf(req.params[0])!.values()].filter(
          (r) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(r, f))),
        );
        const sort = body.sorts?.[0];
        if (sort) {
          const sign = sort.direction === 'DESCENDING' ? -1 : 1;
          found = found.sort(
            (a, b) =>
              sign *
              String(a.properties[sort.propertyName] ?? '').localeCompare(
                String(b.properties[sort.propertyName] ?? ''),
              ),
          );
        }
        const results = found.slice(0, Math.min(body.limit ?? 10, 200));
        return {
          status: 200,
          body: { total: found.length, results: results.map((r) => view(r, body.properties)) },
        };
      }),
    },
    {
      method: 'GET',
      pattern: /^\/crm\/v3\/pipelines\/deals$/,
      handle: guard(() => ({
        status: 200,
        body: {
          results: [
            {
              id: 'default',
              label: 'Sales Pipeline',
              displayOrder: 0,
              archived: false,
              stages: [
                { id: 'appointmentscheduled', label: 'Appointment Scheduled', displayOrder: 0 },
                { id: 'qualifiedtobuy', label: 'Qualified To Buy', displayOrder: 1 },
                { id: 'closedwon', label: 'Closed Won', displayOrder: 2 },
              ],
            },
            {
              id: 'partners',
              label: 'Partner Pipeline',
              displayOrder: 1,
              archived: false,
              stages: [],
            },
          ],
        },
      })),
    },
  ];
}
