import vault from 'node-vault';

/** A connection's credentials could not be found: the connection was deleted, or never written. */
export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
}

/** The secrets engine failed; the message names the operation and status, never a secret. */
export class SecretsUnavailableError extends Error {
  override readonly name = 'SecretsUnavailableError';
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * Where a connection's credentials live in KV v2, relative to the mount. Ids are checked so a
 * crafted id (`../other-tenant`) can never address another tenant's secrets.
 */
export function connectionSecretPath(tenantId: string, connectionId: string): string {
  for (const [what, id] of [
    ['tenant id', tenantId],
    ['connection id', connectionId],
  ] as const) {
    if (!ID.test(id)) throw new Error(`${what} must be 1-128 characters of [A-Za-z0-9_-]`);
  }
  return `tenants/${tenantId}/connections/${connectionId}`;
}

export interface ConnectionSecretsOptions {
  address: string;
  token: string;
  /** The KV v2 mount, `secret` on the local stack. */
  mount: string;
  /** Extra attempts for idempotent calls that hit a dead pooled socket. */
  retries?: number;
}

/**
 * Reads and writes connection credentials in a Vault-compatible KV v2 engine (OpenBao locally).
 * The runtime reads them at the moment a node runs; the server writes them with the same paths.
 *
 * @example
 * const secrets = new ConnectionSecrets({ address: config.VAULT_ADDR, token, mount: config.VAULT_KV_MOUNT });
 * await secrets.write('acme', 'conn_1', { type: 'bearer', token: 'sk-…' });
 * const credentials = await secrets.read('acme', 'conn_1');
 */
export class ConnectionSecrets {
  private readonly client: vault.client;
  private readonly mount: string;
  private readonly retries: number;

  constructor(options: ConnectionSecretsOptions) {
    this.client = vault({ apiVersion: 'v1', endpoint: options.address, token: options.token });
    this.mount = options.mount;
    this.retries = options.retries ?? 2;
  }

  /** @throws ConnectionNotFoundError when nothing is stored; SecretsUnavailableError otherwise. */
  async read(tenantId: string, connectionId: string): Promise<Record<string, unknown>> {
    const path = `${this.mount}/data/${connectionSecretPath(tenantId, connectionId)}`;
    try {
      const response = (await this.idempotent(() => this.client.read(path))) as {
        data?: { data?: unknown };
      };
      const data = response.data?.data;
      if (typeof data !== 'object' || data === null)
        throw new ConnectionNotFoundError(`connection ${connectionId} has no credentials`);
      return data as Record<string, unknown>;
    } catch (error) {
      if (statusOf(error) === 404)
        throw new ConnectionNotFoundError(`connection ${connectionId} has no credentials`);
      throw this.wrap('read', error);
    }
  }

  async write(
    tenantId: string,
    connectionId: string,
    credentials: Record<string, unknown>,
  ): Promise<void> {
    const path = `${this.mount}/data/${connectionSecretPath(tenantId, connectionId)}`;
    // A write replaces the whole version, so replaying it after a reset socket is harmless.
    await this.idempotent(() => this.client.write(path, { data: credentials })).catch(
      (e: unknown) => {
        throw this.wrap('write', e);
      },
    );
  }

  /** Deletes every version and the metadata: the credentials are gone for good. */
  async remove(tenantId: string, connectionId: string): Promise<void> {
    const path = `${this.mount}/metadata/${connectionSecretPath(tenantId, connectionId)}`;
    await this.idempotent(() => this.client.delete(path)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw this.wrap('delete', e);
    });
  }

  private async idempotent<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        // A pooled keep-alive socket dies when the secrets engine restarts; a fresh one works.
        if (attempt >= this.retries || !isConnectionReset(error)) throw error;
      }
    }
  }

  private wrap(operation: string, error: unknown): Error {
    if (error instanceof ConnectionNotFoundError) return error;
    const status = statusOf(error);
    const code = (error as { code?: unknown }).code;
    const why =
      status !== undefined ? `status ${status}` : typeof code === 'string' ? code : 'unknown error';
    // A sealed engine answers 503 "Vault is sealed": say so, it is what the operator must fix.
    if (status === 503 && /\bsealed\b/i.test((error as Error).message ?? '')) {
      return new SecretsUnavailableError(
        `secrets engine ${operation} failed: it is sealed (status 503); unseal it and the node's retries go through`,
      );
    }
    return new SecretsUnavailableError(`secrets engine ${operation} failed (${why})`);
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { statusCode?: unknown } }).response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function isConnectionReset(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNRESET' || code === 'EPIPE') return true;
  }
  return false;
}
