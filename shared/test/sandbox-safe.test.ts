import { expect, test } from 'vitest';

// shared/ runs in the browser and in Temporal's workflow sandbox: its source must not import Node
// built-ins, nor reach for the clock, randomness or I/O in the compiler path.
const sources = import.meta.glob<string>('../src/**/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const nodeOnly = new Set(['config.ts']); // Node-only subpath `@bizosaas/shared/config`, kept out of index.ts

// Comments may show examples (`import … from '@bizosaas/shared'`); only code counts.
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const files = Object.entries(sources)
  .filter(([path]) => !path.endsWith('.test.ts'))
  .map(([path, text]) => [path, code(text)] as const);

test('the scan sees the source files', () => {
  expect(files.map(([p]) => p)).toEqual(
    expect.arrayContaining(['../src/index.ts', '../src/compile.ts', '../src/expressions.ts']),
  );
});

// An allowlist rather than a list of Node modules: anything new must be a sandbox-safe choice.
const allowed = [/^\.\.?\//, /^zod$/, /^jsonata$/, /^re2js$/, /^@noble\/hashes\/[a-z0-9]+\.js$/];

test.each(files.map(([path, text]) => ({ path, text })))(
  '$path imports only relative modules and sandbox-safe packages',
  ({ path, text }) => {
    const specifiers = [
      ...text.matchAll(
        /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? '');
    expect(specifiers.filter((s) => !allowed.some((a) => a.test(s)))).toEqual([]);
    if (!nodeOnly.has(path.slice('../src/'.length)))
      expect(text).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b/);
  },
);

test.each(['analyze.ts', 'compile.ts', 'hash.ts', 'validate.ts', 'scheduler.ts'])(
  '%s uses no clock or randomness',
  (file) => {
    const text = files.find(([path]) => path === `../src/${file}`)?.[1];
    expect(text).toBeDefined();
    expect(text).not.toMatch(/Date\.now|new Date|Math\.random|performance\.now/);
  },
);

test('index.ts does not export the Node-only config module', () => {
  expect(sources['../src/index.ts']).not.toMatch(/config\.js/);
  for (const file of nodeOnly) expect(Object.keys(sources)).toContain(`../src/${file}`);
});
