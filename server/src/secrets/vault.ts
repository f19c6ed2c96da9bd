// Secret values (connection credentials, webhook secrets) live in OpenBao's KV v2 engine only,
// under tenants/<tenantId>/…; PostgreSQL holds names and metadata, responses never hold values.
import vault from 'node-vault';
import type { Config } from '@bizosaas/shared/config';
import { AppError } from '../errors.js';

export interface SecretStore {
  write(path: string, values: Record<string, unknown>): Promise<void>;
  /** KV v2 values are JSON: a connection's secret nests its OAuth tokens, a webhook's is strings. */
  read<T extends Record<string, unknown> = Record<string, string>>(
    path: string,
  ): Promise<T | undefined>;
  /** Deletes every version and the metadata. */
  remove(path: string): Promise<void>;
}

export const connectionSecretPath = (tenantId: string, connectionId: string) =>
  `tenants/${tenantId}/connections/${connectionId}`;
export const webhookSecretPath = (tenantId: string, endpointId: string) =>
  `tenants/${tenantId}/webhooks/${endpointId}`;

export function openSecretStore(config: Config): SecretStore {
  const client = vault({
    apiVersion: 'v1',
    endpoint: config.VAULT_ADDR,
    ...(config.VAULT_TOKEN ? { token: config.VAULT_TOKEN } : {}),
  });
  const mount = config.VAULT_KV_MOUNT;
  // node-vault errors carry the request (with the token header); only the status goes further.
  const unavailable = (error: unknown) =>
    new AppError(
      'UNAVAILABLE',
      `secrets engine error (${(error as { response?: { statusCode?: number } }).response?.statusCode ?? 'no answer'})`,
    );
  return {
    async write(path, values) {
      try {
        await client.write(`${mount}/data/${path}`, { data: values });
      } catch (error) {
        throw unavailable(error);
      }
    },
    async read<T>(path: string) {
      try {
        const answer = (await client.read(`${mount}/data/${path}`)) as {
          data?: { data?: T | null };
        };
        return answer.data?.data ?? undefined;
      } catch (error) {
        if ((error as { response?: { statusCode?: number } }).response?.statusCode === 404)
          return undefined;
        throw unavailable(error);
      }
    },
    async remove(path) {
      try {
        await client.delete(`${mount}/metadata/${path}`);
      } catch (error) {
        if ((error as { response?: { statusCode?: number } }).response?.statusCode === 404) return;
        throw unavailable(error);
      }
    },
  };
}
