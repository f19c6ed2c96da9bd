// scripts/run-ts.mjs runs our TypeScript entries (server, worker, demo) with tsx on the main thread
// only: the worker's workflow threads, started from the SDK's JavaScript, get neither tsx nor
// Node's source maps, which under `node --import tsx` made Node scan every function the SDK
// compiles for a promise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../stack/stack-env.js';

const probe = join(ROOT, 'scripts/test/fixtures/run-ts/probe.ts');
const run = (args: string[]) => {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    typed: boolean;
    argv: string[];
    main: { sourceMaps: boolean };
    thread: { sourceMaps: boolean; execArgv: string[] };
  };
};

test('an entry runs as TypeScript with its own argv, and its worker threads without tsx', () => {
  const seen = run(['scripts/run-ts.mjs', 'scripts/test/fixtures/run-ts/probe.ts', '--flag']);
  expect(seen.typed).toBe(true);
  expect(seen.argv).toEqual([probe, '--flag']);
  // Stack traces of our own code stay mapped to the TypeScript.
  expect(seen.main.sourceMaps).toBe(true);
  expect(seen.thread).toEqual({ sourceMaps: false, execArgv: [] });
  // What it avoids: `node --import tsx` hands tsx, and source maps, to every thread.
  const imported = run(['--import', 'tsx', probe]);
  expect(imported.thread.sourceMaps).toBe(true);
}, 60_000);
