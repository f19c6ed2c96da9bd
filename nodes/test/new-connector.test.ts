import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { scaffoldConnector } from '../scripts/new-connector.js';

// `npm run new:connector -- <id>` in a copy of the nodes workspace: the connector it writes is
// registered, and the test it writes passes as generated.

const ROOT = resolve(import.meta.dirname, '../..');
const copy = mkdtempSync(join(tmpdir(), 'new-connector-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

test('a scaffolded connector is registered and its generated test passes', async () => {
  for (const path of [
    'nodes/src',
    'nodes/test/support',
    'nodes/package.json',
    'nodes/tsconfig.json',
    'nodes/vitest.config.ts',
    'tsconfig.base.json',
  ])
    cpSync(join(ROOT, path), join(copy, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));

  const written = scaffoldConnector('acme_crm', copy);
  expect(written).toContain('nodes/src/connectors/acme_crm/index.ts');
  expect(readFileSync(join(copy, 'nodes/src/connectors/index.ts'), 'utf8')).toMatch(
    /import \{ acmeCrmConnector \} from '\.\/acme_crm\/index\.js';[\s\S]*builtinConnectors[^=]*= \[\s*acmeCrmConnector,/,
  );
  expect(() => scaffoldConnector('acme_crm', copy)).toThrow(/already exists/);
  expect(() => scaffoldConnector('Acme-CRM', copy)).toThrow(/snake_case/);

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      join(copy, 'nodes'),
      'test/connectors/acme_crm.test.ts',
    ],
    { cwd: join(copy, 'nodes'), env: { ...process.env, CI: 'true' } },
  );
  // eslint-disable-next-line no-control-regex
  expect(stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed/);
}, 120_000);
