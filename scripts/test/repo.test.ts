// The whole repository typechecks and lints: a type error fails `npm test`, not just the editor.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../stack/stack-env.js';

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the repository', () => {
  it('typechecks in every workspace, the scripts and the benchmarks', () => {
    const workspaces = run('npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
    expect(workspaces.output, workspaces.output).not.toMatch(/error TS\d+/);
    expect(workspaces.code).toBe(0);
    const tools = run('npx', ['tsc', '-p', 'tsconfig.json']);
    expect(tools.code, tools.output).toBe(0);
  }, 300_000);

  it('lints clean', () => {
    const lint = run('npx', ['eslint', '.', '--max-warnings=0']);
    expect(lint.code, lint.output).toBe(0);
  }, 300_000);
});
