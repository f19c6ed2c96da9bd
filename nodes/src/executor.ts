import type { z } from 'zod';
import type { NodeType } from '@bizosaas/shared';
import type { ConnectionRuntime } from './http/connection-runtime.js';
import type { OutboundPolicy } from './http/ssrf-guard.js';

/**
 * What an action node's executor receives, in the runtime's `executeNode` activity. Only this
 * object reaches the executor: credentials are read from the secrets engine for this call alone.
 */
export interface ActionContext<P> {
  /** Params after expressions were resolved and the node's schema parsed them. */
  params: P;
  /** The data on the node's input. */
  input: unknown;
  /** The connection's credentials, when the node has a connection. Never log or return them. */
  credentials: Record<string, unknown> | undefined;
  /** `runId:nodeId[:iteration]`, the same on every retry: forward it where the API supports one. */
  idempotencyKey: string;
  /** Aborted when the run is cancelled or the attempt times out. */
  signal: AbortSignal;
  /** Records progress; long calls are also heartbeated by the runtime on a timer. */
  heartbeat(details?: unknown): void;
  /** The tenant's outbound network settings, for `guardedFetch`. */
  outbound: OutboundPolicy;
  /** Largest output (JSON bytes) the runtime will accept; read big responses no further than this. */
  maxOutputBytes: number;
  attempt: number;
  /**
   * For connector nodes: the shared rate limiter, token refresher and "needs attention" callback
   * of the node's connection. Without it the connector client uses in-process defaults.
   */
  connection?: ConnectionRuntime;
}

/** The I/O half of an action node; its declaration (params, ports) stays pure for the workflow. */
export interface NodeExecutor {
  readonly key: string;
  execute(ctx: ActionContext<unknown>): Promise<unknown>;
}

/**
 * Pairs an action node's declaration with the function that runs it.
 *
 * @example
 * export const echoExecutor = defineExecutor(echoNode, async ({ params }) => ({ said: params.text }));
 */
export function defineExecutor<P extends z.ZodType>(
  nodeType: NodeType<P>,
  execute: (ctx: ActionContext<z.output<P>>) => Promise<unknown>,
): NodeExecutor {
  return { key: nodeType.key, execute: execute as NodeExecutor['execute'] };
}
