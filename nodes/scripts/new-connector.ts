// npm run new:connector -- <id>: scaffolds a connector (its folder, a recorded-fixture test that
// passes, its registration and its docs page). Then: describe the real API, replace the fixture
// with exchanges recorded from the vendor's documentation, and run the test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SNAKE = /^[a-z][a-z0-9_]*$/;

const camel = (id: string) => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const title = (id: string) =>
  id
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

function connectorSource(id: string): string {
  return `import { z } from 'zod';
import { bearerAuth, defineConnection, defineConnector } from '../sdk/index.js';

// ${title(id)} API: replace the base URL, auth and operations with the vendor's own.

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'api_token',
      title: 'API token',
      credentials: z.object({ apiToken: z.string().min(1).meta({ title: 'API token', secret: true }) }),
      token: (c) => c.apiToken,
    }),
  ],
  baseUrl: () => 'https://api.${id.replace(/_/g, '-')}.example/v1',
  rateLimit: { requests: 10, perMs: 1000 },
  test: { method: 'GET', path: '/me' },
});

const RecordSchema = z.object({ id: z.string(), name: z.string().optional() });

const getRecord = connection.operation({
  id: 'get_record',
  title: 'Get record',
  description: 'One record by id.',
  params: z.object({ id: z.string().min(1) }),
  output: RecordSchema,
  http: { method: 'GET', path: '/records/{id}', responsePath: 'data' },
  map: (body) => RecordSchema.parse(body),
});

export const ${camel(id)}Connector = defineConnector({
  id: '${id}',
  title: '${title(id)}',
  description: 'Records in ${title(id)}.',
  category: 'crm',
  icon: 'plug',
  docsUrl: 'https://${id.replace(/_/g, '-')}.example/docs/api',
  connection,
  operations: [getRecord],
});
`;
}

function testSource(id: string): string {
  return `import { afterAll, beforeAll, expect, test } from 'vitest';
import { ${camel(id)}Connector } from '../../src/connectors/${id}/index.js';
import { openConnection, runOperation, testConnection } from '../../src/connectors/executors.js';
import { replay } from '../support/fixtures.js';

// ${title(id)} against exchanges recorded from its documentation (each fixture names its page).

let vendor: Awaited<ReturnType<typeof replay>>;
const secret = { connector: '${id}', method: 'api_token', apiToken: 'test-token' };

beforeAll(async () => {
  vendor = await replay('${id}');
});
afterAll(() => vendor.close());

test('get_record sends the documented request and maps its answer', async () => {
  vendor.expect('get-record');
  const op = ${camel(id)}Connector.operations.find((o) => o.id === 'get_record')!;
  const call = openConnection(${camel(id)}Connector, secret, { outbound: vendor.outbound, baseUrl: \`\${vendor.url}/v1\` });
  await expect(runOperation(op, call, { id: 'r_1' }, {})).resolves.toEqual({ id: 'r_1', name: 'First record' });
  vendor.done();
});

test('a refused token fails Test connection with the vendor’s message', async () => {
  vendor.expect('me-unauthorized');
  await expect(testConnection(${camel(id)}Connector, secret, { outbound: vendor.outbound, baseUrl: \`\${vendor.url}/v1\` })).resolves.toEqual({
    ok: false,
    code: 'AUTH_FAILED',
    message: 'HTTP 401: invalid token',
  });
  vendor.done();
});
`;
}

const fixture = (body: object) => `${JSON.stringify(body, null, 2)}\n`;

/** Writes the connector under `root` (the repository) and registers it; returns the files written. */
export function scaffoldConnector(id: string, root: string): string[] {
  if (!SNAKE.test(id)) throw new Error(`connector id "${id}" must be snake_case (e.g. acme_crm)`);
  const dir = join(root, 'nodes/src/connectors', id);
  if (existsSync(dir)) throw new Error(`nodes/src/connectors/${id} already exists`);
  const files: Record<string, string> = {
    [`nodes/src/connectors/${id}/index.ts`]: connectorSource(id),
    [`nodes/test/connectors/${id}.test.ts`]: testSource(id),
    [`nodes/test/fixtures/${id}/get-record.json`]: fixture({
      page: `https://${id.replace(/_/g, '-')}.example/docs/api#get-record (replace with the vendor's page)`,
      request: {
        method: 'GET',
        path: '/v1/records/r_1',
        headers: { authorization: 'Bearer test-token' },
      },
      response: { status: 200, body: { data: { id: 'r_1', name: 'First record' } } },
    }),
    [`nodes/test/fixtures/${id}/me-unauthorized.json`]: fixture({
      page: `https://${id.replace(/_/g, '-')}.example/docs/api#errors (replace with the vendor's page)`,
      request: { method: 'GET', path: '/v1/me' },
      response: { status: 401, body: { message: 'invalid token' } },
    }),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  register(id, join(root, 'nodes/src/connectors/index.ts'));
  return [...Object.keys(files), 'nodes/src/connectors/index.ts'];
}

// Adds the import and the list entry to builtinConnectors.
function register(id: string, indexFile: string): void {
  const source = readFileSync(indexFile, 'utf8');
  const name = `${camel(id)}Connector`;
  const withImport = source.replace(
    /(import type \{ Connector \} from '\.\/sdk\/index\.js';)/,
    `import { ${name} } from './${id}/index.js';\n$1`,
  );
  const withEntry = withImport.replace(
    /export const builtinConnectors: readonly Connector\[\] = \[/,
    (m) => `${m}\n  ${name},`,
  );
  if (withEntry === withImport || withImport === source)
    throw new Error(`cannot register ${id} in ${indexFile}`);
  writeFileSync(indexFile, withEntry);
}

if (process.argv[1] === import.meta.filename) {
  const id = process.argv[2];
  if (!id) {
    console.error('usage: npm run new:connector -- <id>   (snake_case, e.g. acme_crm)');
    process.exit(2);
  }
  const root = resolve(import.meta.dirname, '../..');
  const written = scaffoldConnector(id, root);
  const { writeConnectorDocs } = await import('./connector-docs.js');
  writeConnectorDocs();
  console.log([...written, `docs/connectors/${id}.md`].map((f) => `created ${f}`).join('\n'));
  console.log(
    `next: node_modules/.bin/vitest run --project @bizosaas/nodes nodes/test/connectors/${id}.test.ts`,
  );
}
