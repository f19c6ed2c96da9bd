// The SDK evaluates a workflow bundle's modules afresh for every workflow (each gets its own module
// cache), so whatever runFlow imports is paid on every run: reaching the compiler, the graph
// schemas and the connectors through package indexes once cost more worker CPU than running a
// flow of control nodes. zod, jsonata and shared's expressions are preloaded: evaluated once per
// worker thread. Agents,
// crews, approvals and the chat turn (the personas and their schemas) are imported with `import()`
// by the runs that need them, so a flow of control nodes does not evaluate them; each control node
// type is imported the same way, by the runs whose definition has it.
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
  // Shared, so an expression is parsed once per worker thread, not once per run.
  expect(preloaded).toContain('shared/src/expressions.ts');
}, 180_000);

/** The modules a workflow evaluates when it starts: the entry's static imports, transitively. */
function evaluatedAtStart(code: string): Set<string> {
  const parts = code.split(/^\/\*\*\*\/ "([^"]+)"/m);
  const imports = new Map<string, string[]>();
  for (let i = 1; i < parts.length; i += 2) {
    // webpack's eager `import()`: `Promise.resolve(/*! import() eager */).then(() => (__webpack_require__(…)))`.
    const body = (parts[i + 1] ?? '').replace(
      /import\(\) eager \*\/\)\.then\(\(\) => \(__webpack_require__/g,
      'deferred',
    );
    const required = [...body.matchAll(/__webpack_require__\(\/\*![^*]*\*\/ "([^"]+)"\)/g)];
    imports.set(
      parts[i] as string,
      required.map((m) => m[1] as string),
    );
  }
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const next of imports.get(id) ?? []) visit(next);
  };
  visit('./runtime/src/workflows/index.ts');
  return seen;
}

test('a run evaluates the agents, crews, personas and approvals only when it has such a node', async () => {
  const { code } = await bundleFlowWorkflows();
  const modules = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1] as string);
  const optional = /nodes\/src\/agents\/|nodes\/src\/builtin\/approval\.ts|workflows\/(agent|crew)/;
  // In the bundle, for the runs that have them…
  expect(modules.filter((m) => optional.test(m)).length).toBeGreaterThan(5);
  const atStart = evaluatedAtStart(code);
  expect(atStart).toContain('./runtime/src/workflows/interpreter.ts');
  // …but not among what every run evaluates when it starts.
  expect([...atStart].filter((m) => optional.test(m))).toEqual([]);
}, 180_000);

test('a run evaluates only the control node types its definition uses', async () => {
  const { code } = await bundleFlowWorkflows();
  const modules = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1] as string);
  const controlNode =
    /nodes\/src\/builtin\/(if|switch|merge|for-each|delay|set|stop-error|sub-flow|noop|respond-webhook)\.ts/;
  expect(modules.filter((m) => controlNode.test(m))).toHaveLength(10);
  expect([...evaluatedAtStart(code)].filter((m) => controlNode.test(m))).toEqual([]);
}, 180_000);
