// Option lists from the vendor for a node's params (a Slack channel, a HubSpot pipeline): the
// connector's option loader, run with the tenant's own connection through the connector HTTP
// client (SSRF guard and the tenant's outbound policy, the connection's hosts only), as a flow's
// node would. A refusal of the credentials marks the connection as needing attention.
import { loadOptions, standInsFor } from '@bizosaas/nodes/executors';
import { NodeError } from '@bizosaas/nodes';
import { AppError } from '../errors.js';
import { connectionKey, type StoredSecret } from '../oauth/refresh.js';
import { connectionSecretPath } from '../secrets/vault.js';
import { outboundPolicyOf } from '../tenants/settings.js';
import { markNeedsAttention } from './health.js';
import { loadConnection, type ConnectionDeps, type Scope } from './service.js';

const MAX_OPTIONS = 1000;

export async function connectionOptions(
  scope: Scope,
  deps: ConnectionDeps,
  input: { connectionId: string; loader: string; search?: string },
): Promise<{ value: string; label: string }[]> {
  const connection = await loadConnection(scope, input.connectionId);
  const type = deps.types.get(connection.type);
  const connector = type.connector;
  if (!connector?.options.some((o) => o.id === input.loader))
    throw new AppError('NOT_FOUND', `${type.title} has no option list "${input.loader}"`);
  const secret = await deps.secrets.read<StoredSecret>(
    connectionSecretPath(scope.tenantId, connection.id),
  );
  try {
    const options = await loadOptions(connector, input.loader, secret, {
      outbound: await outboundPolicyOf(scope.em, scope.tenantId),
      runtime: {
        key: connectionKey(connection.tenantId, connection.id),
        tokens: deps.refresher,
        markNeedsAttention: (reason) =>
          markNeedsAttention(scope.em.fork(), deps, connection, reason),
      },
      ...(input.search ? { search: input.search } : {}),
      ...standInsFor(deps, connector.id),
    });
    return options.slice(0, MAX_OPTIONS);
  } catch (error) {
    if (!(error instanceof NodeError)) throw error;
    if (error.code === 'RATE_LIMITED')
      throw new AppError('RATE_LIMITED', `${type.title}: ${error.message}`);
    if (error.retryable) throw new AppError('UNAVAILABLE', `${type.title}: ${error.message}`);
    throw new AppError(
      'BAD_REQUEST',
      error.code === 'AUTH_FAILED'
        ? `${type.title} refused the credentials: ${error.message}`
        : `${type.title}: ${error.message}`,
    );
  }
}
