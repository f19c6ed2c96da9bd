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
