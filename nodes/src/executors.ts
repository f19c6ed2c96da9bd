// Node-only entry point (`@bizosaas/nodes/executors`): the I/O halves of action nodes and the
// outbound HTTP guard. Never imported by workflow code.
import { httpRequestExecutor } from './builtin/http-request.executor.js';
import { connectorExecutors, type ConnectorExecutorOptions } from './connectors/executors.js';
import type { NodeExecutor } from './executor.js';

export * from './http/index.js';
export {
  connectorExecutors,
  fillPath,
  loadOptions,
  openConnection,
  pollTrigger,
  pushEventId,
  runOperation,
  standInsFor,
  testConnection,
  verifyPushRequest,
  type ConnectionTestResult,
  type ConnectorExecutorOptions,
  type OAuthStandIn,
  type ConnectorCall,
  type ConnectorCallOptions,
  type CursorStore,
  type PollResult,
  type PushOutcome,
} from './connectors/executors.js';
export { RedisCursorStore } from './connectors/cursor-store.js';
export { httpRequestExecutor };

/**
 * Executors of the built-in action nodes (connector operations and unified nodes included), by
 * `type@version`; `baseUrls` and `oauthUrls` send a connector's calls and token refreshes to
 * stand-ins (CONNECTOR_BASE_URLS, CONNECTOR_OAUTH_URLS).
 */
export function builtinExecutors(
  options: ConnectorExecutorOptions = {},
): Map<string, NodeExecutor> {
  return new Map(
    [httpRequestExecutor, ...connectorExecutors(undefined, options)].map((e) => [e.key, e]),
  );
}
