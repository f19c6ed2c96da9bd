import { OAuth2TokensSchema, type AuthMethod, type OAuth2Tokens } from '../connectors/sdk/auth.js';
import type { Connector } from '../connectors/sdk/define-connector.js';
import { NodeError, NodeErrorCode } from '../node-error.js';

/** A connection's stored secret, checked against its connector's auth method. */
export interface ResolvedCredentials {
  method: AuthMethod;
  /** What `ctx.credentials` is: `{ method, ...fields, oauth2? }`. */
  values: Record<string, unknown> & { method: string; oauth2?: OAuth2Tokens };
}

/**
 * Picks the auth method the secret names (the first when it names none) and parses the secret's
 * fields with that method's schema. The messages name fields, never values.
 */
export function resolveCredentials(
  connector: Connector,
  secret: Record<string, unknown> | undefined,
): ResolvedCredentials {
  if (secret === undefined) {
    throw new NodeError(NodeErrorCode.MISSING_CONNECTION, `${connector.title} needs a connection`);
  }
  if (typeof secret.connector === 'string' && secret.connector !== connector.id) {
    throw new NodeError(
      NodeErrorCode.INVALID_CREDENTIALS,
      `the connection is for ${secret.connector}, not ${connector.id}`,
    );
  }
  const methods = connector.connection.auth;
  const method =
    typeof secret.method === 'string' ? methods.find((m) => m.id === secret.method) : methods[0];
  if (!method) {
    throw new NodeError(
      NodeErrorCode.INVALID_CREDENTIALS,
      `${connector.title} has no auth method "${String(secret.method)}"`,
    );
  }
  const fields = method.credentials.safeParse(secret);
  if (!fields.success) {
    const names = [...new Set(fields.error.issues.map((i) => i.path.join('.') || '(root)'))];
    throw new NodeError(
      NodeErrorCode.INVALID_CREDENTIALS,
      `the ${connector.title} connection's ${method.title} credentials are incomplete or invalid: ${names.join(', ')}`,
    );
  }
  let oauth2: OAuth2Tokens | undefined;
  if (secret.oauth2 !== undefined) {
    const tokens = OAuth2TokensSchema.safeParse(secret.oauth2);
    if (!tokens.success) {
      throw new NodeError(
        NodeErrorCode.INVALID_CREDENTIALS,
        `the ${connector.title} connection's OAuth2 tokens are malformed: connect it again`,
      );
    }
    oauth2 = tokens.data;
  }
  return {
    method,
    values: { ...fields.data, method: method.id, ...(oauth2 ? { oauth2 } : {}) },
  };
}
