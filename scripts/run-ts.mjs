// Runs a TypeScript entry with tsx registered on this thread only: `node scripts/run-ts.mjs <entry.ts>`.
// `node --import tsx` puts tsx in execArgv, which every worker thread inherits: the worker's
// workflow threads then load tsx too, and tsx turns Node's source maps on there, so Node scans
// every function the Temporal SDK compiles in the sandbox (one per promise a workflow creates)
// for a source-map comment. Those threads run only the SDK's JavaScript and the webpack bundle,
// which the SDK source-maps itself; they need neither.
import { resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerModules } from 'tsx/esm/api';

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs <entry.ts> [args…]\n');
  process.exit(2);
}
registerCommonJs();
registerModules();
// The entry sees itself as argv[1], as under `node --import tsx <entry>`.
process.argv[1] = resolve(entry);
await import(pathToFileURL(process.argv[1]).href);
