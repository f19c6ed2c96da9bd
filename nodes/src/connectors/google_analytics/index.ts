import { z } from 'zod';
import {
  compact,
  ReportRequestSchema,
  ReportSchema,
  type Report,
  type ReportRequest,
} from '../../ports/canonical.js';
import {
  defineConnection,
  defineConnector,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
} from '../sdk/index.js';

// Google Analytics 4 Data API: https://developers.google.com/analytics/devguides/reporting/data/v1.
// Read-only: reports of metrics by dimensions over date ranges, for one GA4 property.

const connection = defineConnection({
  auth: [
    oauth2Auth({
      id: 'oauth2',
      title: 'Sign in with Google',
      credentials: z.object({
        ...oauth2ClientFields,
        propertyId: z.string().regex(/^\d+$/).meta({ title: 'GA4 property ID (digits)' }),
      }),
      authorizeUrl: () => 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: () => 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/analytics.readonly'],
      // Google issues a refresh token only for offline access, and again only with consent.
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
    }),
  ],
  baseUrl: () => 'https://analyticsdata.googleapis.com',
  allowedHosts: () => ['analyticsdata.googleapis.com', 'oauth2.googleapis.com'],
  // A property may run 10 requests at once; the token quotas are the vendor's to enforce.
  rateLimit: { requests: 10, perMs: 1000 },
  test: {
    run: async ({ http, credentials }) => {
      await http.request({
        method: 'GET',
        path: `/v1beta/properties/${credentials.propertyId}/metadata`,
      });
    },
  },
});

interface Ga4Row {
  dimensionValues?: { value?: string }[];
  metricValues?: { value?: string }[];
}
interface Ga4Report {
  dimensionHeaders?: { name: string }[];
  metricHeaders?: { name: string; type?: string }[];
  rows?: Ga4Row[];
  rowCount?: number;
}

/** GA4 rows (values as strings, in header order) as named dimensions and numeric metrics. */
export function toReport(raw: Ga4Report): Report {
  const dimensions = (raw.dimensionHeaders ?? []).map((h) => h.name);
  const metrics = (raw.metricHeaders ?? []).map((h) => h.name);
  const rows = (raw.rows ?? []).map((row) => ({
    dimensions: Object.fromEntries(
      dimensions.map((name, i) => [name, row.dimensionValues?.[i]?.value ?? '']),
    ),
    metrics: Object.fromEntries(
      metrics
        .map((name, i) => [name, Number(row.metricValues?.[i]?.value)] as const)
        .filter(([, value]) => Number.isFinite(value)),
    ),
  }));
  return {
    source: { connector: 'google_analytics' },
    rows,
    rowCount: raw.rowCount ?? rows.length,
    raw,
  };
}

async function runReport(
  http: ConnectorHttp,
  propertyId: string,
  request: ReportRequest,
): Promise<Report> {
  const { body } = await http.request<Ga4Report>({
    method: 'POST',
    path: `/v1beta/properties/${propertyId}:runReport`,
    json: {
      dateRanges: [{ startDate: request.startDate, endDate: request.endDate }],
      dimensions: request.dimensions.map((name) => ({ name })),
      metrics: request.metrics.map((name) => ({ name })),
      limit: String(request.limit),
    },
  });
  return toReport(body);
}

const runReportOp = connection.operation({
  id: 'run_report',
  title: 'Run report',
  description:
    'Metrics by dimensions over a date range (runReport), e.g. sessions by country for the last 7 days.',
  params: ReportRequestSchema,
  output: ReportSchema,
  run: ({ http, credentials, params }) => runReport(http, credentials.propertyId, params),
});

const runRealtimeReport = connection.operation({
  id: 'run_realtime_report',
  title: 'Run realtime report',
  description: 'Metrics by dimensions for the last 30 minutes (runRealtimeReport).',
  // Realtime reports cover the last 30 minutes: no date range.
  params: ReportRequestSchema.omit({ startDate: true, endDate: true }),
  output: ReportSchema,
  async run({ http, credentials, params }) {
    const { body } = await http.request<Ga4Report>({
      method: 'POST',
      path: `/v1beta/properties/${credentials.propertyId}:runRealtimeReport`,
      json: {
        dimensions: params.dimensions.map((name) => ({ name })),
        metrics: params.metrics.map((name) => ({ name })),
        limit: String(params.limit),
      },
    });
    return toReport(body);
  },
});

const FieldSchema = z.object({
  apiName: z.string(),
  uiName: z.string().optional(),
  category: z.string().optional(),
});

const getMetadata = connection.operation({
  id: 'get_metadata',
  title: 'List dimensions and metrics',
  description: 'The dimensions and metrics the property can report on, custom ones included.',
  params: z.object({}),
  output: z.object({ dimensions: z.array(FieldSchema), metrics: z.array(FieldSchema) }),
  async run({ http, credentials }) {
    type Field = { apiName?: string; uiName?: string; category?: string };
    const { body } = await http.request<{ dimensions?: Field[]; metrics?: Field[] }>({
      method: 'GET',
      path: `/v1beta/properties/${credentials.propertyId}/metadata`,
    });
    // The document leaves every field optional; one without an API name cannot be asked for.
    const usable = (fields: Field[] = []) =>
      fields.flatMap((f) =>
        f.apiName ? [compact({ apiName: f.apiName, uiName: f.uiName, category: f.category })] : [],
      );
    return { dimensions: usable(body.dimensions), metrics: usable(body.metrics) };
  },
});

export const googleAnalyticsConnector = defineConnector({
  id: 'google_analytics',
  title: 'Google Analytics 4',
  description: 'Reports from a Google Analytics 4 property (Data API).',
  category: 'analytics',
  icon: 'google-analytics',
  docsUrl: 'https://developers.google.com/analytics/devguides/reporting/data/v1/rest',
  connection,
  operations: [runReportOp, runRealtimeReport, getMetadata],
  port: {
    report: ({ http, credentials }, request) => runReport(http, credentials.propertyId, request),
  },
});
