import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { builtinConnectors } from '../src/connectors/index.js';
import { connectorMarkdown } from '../src/connectors/docs.js';
import { DOCS_DIR } from '../scripts/connector-docs.js';

// docs/connectors/<id>.md says what the connector declares, as server/PERMISSIONS.md does for the
// permission matrix: after a change, `npm run docs:connectors` rewrites them.

test.each(builtinConnectors.map((c) => c.id))('docs/connectors/%s.md is up to date', (id) => {
  const file = join(DOCS_DIR, `${id}.md`);
  expect(existsSync(file), `${file} is missing: run npm run docs:connectors`).toBe(true);
  const connector = builtinConnectors.find((c) => c.id === id)!;
  expect(readFileSync(file, 'utf8'), 'stale: run npm run docs:connectors').toBe(
    connectorMarkdown(connector),
  );
});

test('docs/connectors has a page for each connector and no other', () => {
  expect(
    readdirSync(DOCS_DIR)
      .filter((f) => f.endsWith('.md'))
      .sort(),
  ).toEqual(builtinConnectors.map((c) => `${c.id}.md`).sort());
});

test('each page names every operation and trigger with its node type', () => {
  for (const connector of builtinConnectors) {
    const page = connectorMarkdown(connector);
    for (const id of [...connector.operations, ...connector.triggers].map((o) => o.id))
      expect(page).toContain(`\`${connector.id}.${id}\``);
  }
});
