// OpenBao (the open-source Vault fork): initialise once, unseal on every start, mount KV v2.
// The unseal key and root token of this local stack stay in <data>/openbao/init.json, mode 0600.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshChildEnv, type StackContext } from './context.js';
import { writeStackEnv } from './stack-env.js';
import { StackError, waitFor } from './processes.js';

interface InitKeys {
  keys_base64: string[];
  root_token: string;
}

async function api(
  context: StackContext,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
) {
  const response = await fetch(new URL(`/v1/${path}`, context.config.VAULT_ADDR), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-vault-token': token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    // OpenBao's error bodies name the problem and never echo tokens or keys.
    throw new StackError(
      `OpenBao ${method} /v1/${path} answered ${response.status}: ${text.trim()}`,
    );
  }
  return text ? JSON.parse(text) : {};
}

const initFile = (context: StackContext) => join(context.dataDir, 'openbao', 'init.json');

function readInitKeys(context: StackContext): InitKeys {
  if (!existsSync(initFile(context))) {
    throw new StackError(
      `OpenBao is initialised but its keys file ${initFile(context)} is missing`,
      `the secrets in ${join(context.dataDir, 'openbao/data')} cannot be unsealed without it; remove that folder to start over`,
    );
  }
  return JSON.parse(readFileSync(initFile(context), 'utf8')) as InitKeys;
}

export async function prepareOpenbao(context: StackContext): Promise<void> {
  const { initialized } = await api(context, 'GET', 'sys/init');
  if (!initialized) {
    const keys: InitKeys = await api(context, 'PUT', 'sys/init', {
      secret_shares: 1,
      secret_threshold: 1,
    });
    writeFileSync(initFile(context), JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  const keys = readInitKeys(context);
  const { sealed } = await api(context, 'GET', 'sys/seal-status');
  if (sealed) await api(context, 'PUT', 'sys/unseal', { key: keys.keys_base64[0] });
  // Unsealed is not yet active: raft elects this node leader a moment later, and until then
  // every write answers 500 "local node not active".
  await waitFor('openbao to become the active node', () => isActive(context), {
    timeoutMs: 60_000,
  });
  writeStackEnv(context.dataDir, { VAULT_TOKEN: keys.root_token });
  refreshChildEnv(context);

  const mount = context.config.VAULT_KV_MOUNT;
  const mounts = await api(context, 'GET', 'sys/mounts', undefined, keys.root_token);
  if (!mounts.data?.[`${mount}/`]) {
    await api(
      context,
      'POST',
      `sys/mounts/${mount}`,
      { type: 'kv', options: { version: '2' } },
      keys.root_token,
    );
  }
}

/** sys/health answers 200 only on an initialised, unsealed, active node. */
async function isActive(context: StackContext): Promise<boolean> {
  const response = await fetch(new URL('/v1/sys/health', context.config.VAULT_ADDR));
  await response.body?.cancel();
  return response.status === 200;
}

/** KV v2 finishes an internal upgrade after mounting; writes fail until its config answers. */
export async function openbaoReady(context: StackContext): Promise<boolean> {
  const token = context.childEnv.VAULT_TOKEN;
  const response = await fetch(
    new URL(`/v1/${context.config.VAULT_KV_MOUNT}/config`, context.config.VAULT_ADDR),
    {
      headers: { 'x-vault-token': token ?? '' },
    },
  );
  return response.ok;
}
