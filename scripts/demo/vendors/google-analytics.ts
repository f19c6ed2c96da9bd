// A Google Analytics 4-shaped property: the Data API's `runReport` and `metadata` as Google
// documents them (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport):
// headers in request order, rows of string values in `dimensionValues` and `metricValues`,
// `rowCount` before the limit, `metadata` with the property's currency and time zone, and
// Google's error body (`{ error: { code, message, status } }`). Every call needs an access token
// from the demo's Google authorization server (google-oauth.ts). The numbers are made up but
// deterministic: a value depends only on its metric and its row's dimension values, so a report
// asked twice answers the same.
import { createHash } from 'node:crypto';
import { isGoogleAccessToken } from './google-oauth.js';
import type { DemoRequest, DemoResponse, DemoRoute } from './routes.js';

/** The demo tenant's GA4 property. */
export const GA4_DEMO_PROPERTY = '412345678';

const TIME_ZONE = 'Etc/UTC';
/** GA4 caps a range at its data retention; the demo's fourteen months keep a report small. */
const MAX_DAYS = 430;

interface Field {
  uiName: string;
  category: string;
}

/** The dimensions the demo reports on, with their values (`date`'s are the range's days). */
const DIMENSIONS: Record<string, Field & { values?: string[] }> = {
  date: { uiName: 'Date', category: 'Time' },
  pagePath: {
    uiName: 'Page path',
    category: 'Page / screen',
    values: ['/', '/blog/', '/pricing/', '/contact/'],
  },
  country: {
    uiName: 'Country',
    category: 'Geography',
    values: ['United States', 'Germany', 'India', 'Brazil'],
  },
  deviceCategory: {
    uiName: 'Device category',
    category: 'Platform / device',
    values: ['desktop', 'mobile', 'tablet'],
  },
  sessionDefaultChannelGroup: {
    uiName: 'Session default channel group',
    category: 'Traffic source',
    values: ['Organic Search', 'Direct', 'Organic Social', 'Referral', 'Email'],
  },
};

type MetricType = 'TYPE_INTEGER' | 'TYPE_FLOAT' | 'TYPE_SECONDS';
/** The metrics, each with the range its made-up values fall in. */
const METRICS: Record<string, Field & { type: MetricType; range: [number, number] }> = {
  activeUsers: { uiName: 'Active users', category: 'User', type: 'TYPE_INTEGER', range: [20, 400] },
  newUsers: { uiName: 'New users', category: 'User', type: 'TYPE_INTEGER', range: [10, 250] },
  sessions: { uiName: 'Sessions', category: 'Session', type: 'TYPE_INTEGER', range: [30, 600] },
  screenPageViews: {
    uiName: 'Views',
    category: 'Page / screen',
    type: 'TYPE_INTEGER',
    range: [50, 1500],
  },
  engagementRate: {
    uiName: 'Engagement rate',
    category: 'Session',
    type: 'TYPE_FLOAT',
    range: [0.3, 0.8],
  },
  averageSessionDuration: {
    uiName: 'Average session duration',
    category: 'Session',
    type: 'TYPE_SECONDS',
    range: [40, 300],
  },
};

function googleError(code: number, status: string, message: string): DemoResponse {
  return { status: code, body: { error: { code, message, status } } };
}

const invalid = (message: string) => googleError(400, 'INVALID_ARGUMENT', message);

/** A GA4 date (`YYYY-MM-DD`, `today`, `yesterday`, `NdaysAgo`) as a UTC day, or undefined. */
function parseDate(text: string, today: Date): Date | undefined {
  const day = (offset: number) => new Date(today.getTime() - offset * 86_400_000);
  if (text === 'today') return day(0);
  if (text === 'yesterday') return day(1);
  const ago = /^(\d+)daysAgo$/.exec(text);
  if (ago) return day(Number(ago[1]));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `YYYYMMDD`, as GA4's `date` dimension reads. */
const gaDate = (date: Date) => date.toISOString().slice(0, 10).replaceAll('-', '');

/** A number in the metric's range that depends only on the metric and the row. */
function valueOf(metric: string, row: string[]): string {
  const { type, range } = METRICS[metric]!;
  const hash = createHash('sha256')
    .update(`${metric}|${row.join('|')}`)
    .digest();
  const fraction = hash.readUInt32BE(0) / 0xffffffff;
  const value = range[0] + fraction * (range[1] - range[0]);
  return type === 'TYPE_INTEGER' ? String(Math.round(value)) : String(Number(value.toFixed(4)));
}

const names = (list: unknown): string[] | undefined =>
  Array.isArray(list)
    ? list.map((item) => String((item as { name?: unknown } | null)?.name ?? ''))
    : undefined;

function runReport(req: DemoRequest): DemoResponse {
  const dimensions = names(req.json.dimensions ?? []);
  const metrics = names(req.json.metrics ?? []);
  const ranges = req.json.dateRanges;
  if (!dimensions || !metrics) return invalid('dimensions and metrics must be lists');
  for (const name of dimensions)
    if (!(name in DIMENSIONS))
      return invalid(
        `Field ${name} is not a valid dimension. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`,
      );
  for (const name of metrics)
    if (!(name in METRICS))
      return invalid(
        `Field ${name} is not a valid metric. For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema`,
      );
  if (metrics.length === 0) return invalid('A metric is required.');
  // GA4 takes up to four ranges and adds a `dateRange` dimension for them; the demo serves one.
  if (!Array.isArray(ranges) || ranges.length !== 1)
    return invalid('The demo property reports on exactly one date range.');
  const range = ranges[0] as { startDate?: unknown; endDate?: unknown };
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const start = parseDate(String(range.startDate ?? ''), today);
  const end = parseDate(String(range.endDate ?? ''), today);
  if (!start || !end)
    return invalid('Invalid date range: a date must be YYYY-MM-DD, today, yesterday or NdaysAgo.');
  if (end < start) return invalid(`Invalid date range: startDate must be no later than endDate.`);
  const days = Math.min((end.getTime() - start.getTime()) / 86_400_000 + 1, MAX_DAYS);
  const limit = Number(req.json.limit ?? 10_000);
  const offset = Number(req.json.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0)
    return invalid('limit must be positive and offset non-negative.');

  // Every combination of the dimensions' values, the dates of the range for `date`.
  const valuesOf = (name: string) =>
    DIMENSIONS[name]!.values ??
    Array.from({ length: days }, (_, i) => gaDate(new Date(start.getTime() + i * 86_400_000)));
  let combinations: string[][] = [[]];
  for (const name of dimensions)
    combinations = combinations.flatMap((row) => valuesOf(name).map((value) => [...row, value]));
  // Without dimensions a report is one row of totals over the range.
  const rangeKey = `${gaDate(start)}-${gaDate(end)}`;
  const rows = combinations.slice(offset, offset + limit).map((row) => ({
    dimensionValues: row.map((value) => ({ value })),
    metricValues: metrics.map((metric) => ({
      value: valueOf(metric, dimensions.length ? row : [rangeKey]),
    })),
  }));
  return {
    status: 200,
    body: {
      dimensionHeaders: dimensions.map((name) => ({ name })),
      metricHeaders: metrics.map((name) => ({ name, type: METRICS[name]!.type })),
      // Google leaves out what is empty, as proto3's JSON does.
      ...(rows.length ? { rows } : {}),
      ...(combinations.length ? { rowCount: combinations.length } : {}),
      metadata: { currencyCode: 'USD', timeZone: TIME_ZONE },
      kind: 'analyticsData#runReport',
    },
  };
}

function metadata(): DemoResponse {
  return {
    status: 200,
    body: {
      name: `properties/${GA4_DEMO_PROPERTY}/metadata`,
      dimensions: Object.entries(DIMENSIONS).map(([apiName, d]) => ({
        apiName,
        uiName: d.uiName,
        category: d.category,
      })),
      metrics: Object.entries(METRICS).map(([apiName, m]) => ({
        apiName,
        uiName: m.uiName,
        type: m.type,
        category: m.category,
      })),
    },
  };
}

/** Signed in with a live token, on the demo property (GA4 answers another as forbidden). */
const onProperty =
  (handle: (req: DemoRequest) => DemoResponse) =>
  (req: DemoRequest): DemoResponse => {
    if (!isGoogleAccessToken(req.headers.authorization))
      return googleError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    if (req.params[0] !== GA4_DEMO_PROPERTY)
      return googleError(
        403,
        'PERMISSION_DENIED',
        `User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.`,
      );
    return handle(req);
  };

export function googleAnalyticsRoutes(): DemoRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1beta\/properties\/(\d+):runReport$/,
      handle: onProperty(runReport),
    },
    {
      method: 'GET',
      pattern: /^\/v1beta\/properties\/(\d+)\/metadata$/,
      handle: onProperty(metadata),
    },
  ];
}
