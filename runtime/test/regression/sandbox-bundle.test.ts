// The SDK evaluates a workflow bundle's modules afresh for every workflow (each gets its own module
// cache), so whatever runFlow imports is paid on every run: reaching the compiler, the graph
// schemas and the connectors through package indexes once cost more worker CPU than running a
// flow of control nodes. zod and jsonata are preloaded: evaluated once per worker thread.
import { expect, test } from 'vitest';
import { bundleFlowWorkflows } from '../../src/worker.js';

test('the workflow bundle holds what runFlow runs, not the compiler or the connectors', async () => {
  const { code } = await bundleFlowWorkflows();
  const modules = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1] as string);
  expect(modules).toContain('./runtime/src/workflows/interpreter.ts');
  expect(modules).toContain('./nodes/src/builtin/set.ts');
  const unneeded =
    /shared\/src\/(compile|analyze|flow-graph|validate)\.ts|nodes\/src\/(connectors|ports|http)\//;
  expect(modules.filter((m) => unneeded.test(m))).toEqual([]);
  const preloaded = /preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
  expect(preloaded).toContain('jsonata');
  expect(preloaded).toContain('workflows/preload.ts');
}, 180_000);
