// The secrets a local stack generates once and keeps, mode 0600, in `<data>/stack.env`.
// Free of workspace imports: vitest configs load it before TypeScript workspaces resolve.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function stackEnvFile(dataDir: string): string {
  return join(dataDir, 'stack.env');
}

export function readStackEnv(dataDir: string): Record<string, string> {
  const file = stackEnvFile(dataDir);
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1]!, match[2]!] as const);
  return Object.fromEntries(entries);
}

export function writeStackEnv(dataDir: string, values: Record<string, string>): void {
  const merged = { ...readStackEnv(dataDir), ...values };
  const body = Object.entries(merged)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  writeFileSync(stackEnvFile(dataDir), `${body}\n`, { mode: 0o600 });
}
