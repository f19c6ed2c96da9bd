import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

// The pure entry point (`@bizosaas/nodes`) is loaded by the editor and inside Temporal's workflow
// sandbox: every module it reaches at run time imports only sandbox-safe packages and no Node API.
// Type-only imports vanish at run time, so they do not count.
const src = resolve(import.meta.dirname, '../src');
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function runtimeSpecifiers(text: string): string[] {
  const statements =
    /(?:^|;|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  const fromStatements = [...text.matchAll(statements)].filter((m) => !m[2]).map((m) => m[4]!);
  const bare = [...text.matchAll(/\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return [...fromStatements, ...bare];
}

function resolveModule(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  const file = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`${relative(src, from)}: cannot resolve ${specifier}`);
  return file;
}

/** Every module the entry point reaches at run time, with the text of its code. */
function closure(entry: string) {
  const seen = new Map<string, { text: string; packages: string[] }>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = code(readFileSync(file, 'utf8'));
    const specifiers = runtimeSpecifiers(text);
    seen.set(file, { text, packages: specifiers.filter((s) => !s.startsWith('.')) });
    for (const s of specifiers) if (s.startsWith('.')) visit(resolveModule(file, s));
  };
  visit(entry);
  return [...seen].map(([file, module]) => ({ path: relative(src, file), ...module }));
}

const modules = closure(resolve(src, 'index.ts'));
// An allowlist rather than a list of Node modules: anything new must be a sandbox-safe choice.
const allowed = [/^zod$/, /^@bizosaas\/shared$/];

test('the scan follows the entry point into the declarations, not the executors', () => {
  const paths = modules.map((m) => m.path);
  expect(paths).toEqual(expect.arrayContaining(['index.ts', 'catalog.ts', 'builtin/approval.ts']));
  expect(paths).not.toContain('executors.ts');
  expect(paths.filter((p) => p.endsWith('.executor.ts'))).toEqual([]);
});

test.each(modules)('$path imports only relative modules and sandbox-safe packages', (module) => {
  expect(module.packages.filter((p) => !allowed.some((a) => a.test(p)))).toEqual([]);
  expect(module.text).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b/);
});

// Control nodes' `evaluate` runs inside the workflow, so it must be deterministic.
test.each(modules.filter((m) => m.path.startsWith('builtin/')))(
  '$path uses no clock or randomness',
  (module) => {
    expect(module.text).not.toMatch(/Date\.now|new Date\(\)|Math\.random|performance\.now/);
  },
);
