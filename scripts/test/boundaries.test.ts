// The workspace boundaries hold because lint fails on code that breaks one: each fixture breaks one
// boundary and is linted, with the repository's own config, as if it sat at the path it names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../stack/stack-env.js';

const dir = join(ROOT, 'scripts/test/fixtures/boundaries');
const fixtures = readdirSync(dir).map((file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const header = /^\/\/ lints as (\S+), expects (\w+):/.exec(text);
  if (!header)
    throw new Error(`${file}: the first line must say "// lints as <path>, expects <id>:"`);
  return { file, text, path: header[1]!, expected: header[2]! };
});
const eslint = new ESLint({ cwd: ROOT });

async function boundaryProblems(text: string, path: string) {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'bizosaas/boundaries');
}

describe('workspace boundaries', () => {
  it('has a fixture for each kind of break', () => {
    expect(new Set(fixtures.map((f) => f.expected))).toEqual(
      new Set(['byPath', 'typeOnly', 'notAllowed', 'never', 'notExported', 'undeclared']),
    );
  });

  it.each(fixtures)('reports $file (as $path) with $expected', async ({ text, path, expected }) => {
    const problems = await boundaryProblems(text, path);
    expect(problems.map((p) => p.messageId)).toEqual([expected]);
    expect(problems[0]?.severity).toBe(2);
  });

  it('accepts the same imports where the README allows them', async () => {
    const allowed: Array<[string, string]> = [
      ["import type { AppRouter } from '@bizosaas/server/router';", 'editor/src/api/client.ts'],
      ["import { builtinCatalog } from '@bizosaas/nodes';", 'editor/src/canvas/palette.ts'],
      ["import { startRun } from '@bizosaas/runtime';", 'server/src/runs/start.ts'],
      [
        "import { createFlowWorker } from '@bizosaas/runtime/worker';",
        'server/test/worker.test.ts',
      ],
      ["import { openServer } from '@bizosaas/server';", 'editor/test/e2e/setup.ts'],
      ["import { compile } from '@bizosaas/shared';", 'nodes/src/builtin/if.ts'],
    ];
    for (const [text, path] of allowed)
      expect(await boundaryProblems(text, path), path).toEqual([]);
  });
});
