// Drives `scripts/stack/cli.ts` as a user would, for a stack of its own (ports and data folder).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readStackEnv, ROOT } from '../stack/stack-env.js';

export interface StackUnderTest {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  addresses: { postgres: number; redis: number; temporal: string; vault: string };
}

/** A stack on ports `base`, `base+1`… apart from the dev and test stacks. */
export function isolatedStack(name: string, base: number): StackUnderTest {
  const dataDir = join(ROOT, '.data/test', name);
  const temporal = `127.0.0.1:${base + 2}`;
  const vault = `http://127.0.0.1:${base + 4}`;
  return {
    dataDir,
    addresses: { postgres: base, redis: base + 1, temporal, vault },
    env: {
      ...process.env,
      BIZOSAAS_PROFILE: 'test',
      BIZOSAAS_DATA_DIR: dataDir,
      DATABASE_URL: `postgres://bizosaas:bizosaas@127.0.0.1:${base}/bizosaas_test`,
      REDIS_URL: `redis://127.0.0.1:${base + 1}/0`,
      TEMPORAL_ADDRESS: temporal,
      TEMPORAL_UI_PORT: String(base + 3),
      VAULT_ADDR: vault, // its raft cluster port is base + 5
    },
  };
}

export function stack(under: StackUnderTest, ...args: string[]) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/stack/cli.ts', ...args], {
    cwd: ROOT,
    env: under.env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function vaultToken(under: StackUnderTest): string {
  const token = readStackEnv(under.dataDir).VAULT_TOKEN;
  if (!token) throw new Error(`no VAULT_TOKEN in ${under.dataDir}/stack.env`);
  return token;
}
