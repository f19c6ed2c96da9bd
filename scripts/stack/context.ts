// What every service of the local stack needs to know: configuration, folders, generated secrets.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConfig, type Config } from '@bizosaas/shared/config';
import { ensureDir } from './processes.js';

export interface StackContext {
  config: Config;
  root: string;
  dataDir: string;
  logDir: string;
  pidDir: string;
  /** The Python venv holding the `temporal` and `bao` binaries. */
  venvBin: string;
  /** Environment for the processes the stack starts: the config plus the generated secrets. */
  childEnv: NodeJS.ProcessEnv;
}

export const ROOT = resolve(import.meta.dirname, '../..');

/** Secrets the local stack generates once and keeps, mode 0600, in `<data>/stack.env`. */
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

export function createContext(env: NodeJS.ProcessEnv = process.env): StackContext {
  const config = readConfig(env);
  const dataDir = resolve(ROOT, config.BIZOSAAS_DATA_DIR);
  ensureDir(dataDir);
  if (!readStackEnv(dataDir).PAYLOAD_ENCRYPTION_KEY) {
    writeStackEnv(dataDir, { PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  }
  return {
    config,
    root: ROOT,
    dataDir,
    logDir: ensureDir(dataDir, 'logs'),
    pidDir: ensureDir(dataDir, 'pids'),
    venvBin: join(ROOT, '.data/venv/bin'),
    childEnv: { ...env, BIZOSAAS_PROFILE: config.BIZOSAAS_PROFILE, ...readStackEnv(dataDir) },
  };
}

/** Re-reads the generated secrets after a service (OpenBao) has added to them. */
export function refreshChildEnv(context: StackContext): void {
  Object.assign(context.childEnv, readStackEnv(context.dataDir));
}
