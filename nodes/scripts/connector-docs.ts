// npm run docs:connectors: writes docs/connectors/<id>.md for every built-in connector from its
// declaration and removes pages of connectors that are gone. A test checks the files match.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinConnectors } from '../src/connectors/index.js';
import { connectorMarkdown } from '../src/connectors/docs.js';

export const DOCS_DIR = resolve(import.meta.dirname, '../../docs/connectors');

export function writeConnectorDocs(dir = DOCS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const wanted = new Set(builtinConnectors.map((c) => `${c.id}.md`));
  for (const file of readdirSync(dir))
    if (file.endsWith('.md') && !wanted.has(file)) rmSync(join(dir, file));
  for (const connector of builtinConnectors)
    writeFileSync(join(dir, `${connector.id}.md`), connectorMarkdown(connector));
  return [...wanted];
}

if (process.argv[1] === import.meta.filename) {
  const written = writeConnectorDocs();
  console.log(`docs/connectors: ${written.length} pages (${written.join(', ')})`);
}
