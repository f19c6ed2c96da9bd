export {
  checkUrl,
  DEFAULT_OUTBOUND_POLICY,
  guardedFetch,
  MAX_REDIRECTS,
  RedirectError,
  SsrfRefusedError,
  type GuardedRequestInit,
  type OutboundPolicy,
  type SsrfRefusalReason,
} from './ssrf-guard.js';
export { classifyAddress, isIpAddress, type AddressClass } from './ip-address.js';
export type { ConnectionRuntime, RateLimiter, TokenRefresher } from './connection-runtime.js';
export {
  createConnectorHttp,
  encodeForm,
  genericMessage,
  type ConnectorClientOptions,
} from './connector-client.js';
export { resolveCredentials, type ResolvedCredentials } from './credentials.js';
export {
  clientCredentialsTokens,
  exchangeAuthorizationCode,
  MemoryTokenRefresher,
  REFRESH_MARGIN_MS,
  RedisTokenRefresher,
  refreshOAuth2Tokens,
  type TokenEndpoint,
  type TokenStore,
} from './oauth2.js';
export { nextLink, paginate, valueAt } from './pagination.js';
export { MemoryRateLimiter, RedisRateLimiter } from './rate-limit.js';
export { parseJson, readCapped, requestError, retryAfterMs } from './response.js';
export {
  CONNECTION_ATTENTION_STREAM,
  sharedConnectionRuntimes,
  type ConnectionSecretAccess,
} from './shared-connection-runtime.js';
