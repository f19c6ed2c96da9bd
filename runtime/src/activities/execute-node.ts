import { ApplicationFailure, Context } from '@temporalio/activity';
import { checkParams, paramIssueText, type NodeCatalog } from '@bizosaas/shared';
import { NodeError, NodeErrorCode, type NodeExecutor } from '@bizosaas/nodes';
import type { ConnectionRuntime } from '@bizosaas/nodes/executors';
import type { LiveEvents } from '../live-events.js';
import type { Logger } from '../logger.js';
import { ConnectionNotFoundError, type ConnectionSecrets } from '../secrets/index.js';
import {
  jsonByteLength,
  type ExecuteNodeInput,
  type RunActivities,
} from '../workflows/contract.js';

export interface ExecuteNodeDeps {
  catalog: NodeCatalog;
  executors: ReadonlyMap<string, NodeExecutor>;
  secrets: Pick<ConnectionSecrets, 'read'>;
  logger: Logger;
  /** Tells open editors the run moved (when the node starts and when it ends). */
  liveEvents?: Pick<LiveEvents, 'publish'>;
  /** Each connection's shared rate limit, token refresher and "needs attention" report. */
  connections?: (tenantId: string, connectionId: string) => ConnectionRuntime;
}

/** Heartbeat often enough that a cancellation or a lost worker is noticed within the timeout. */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * The one activity behind every action node: finds the node's executor, reads the connection's
 * credentials at this moment, checks params and output against the node's schemas, and turns
 * every failure into a typed `ApplicationFailure` (type = error code) the retry policy understands.
 */
export function createActivities(deps: ExecuteNodeDeps): RunActivities {
  return {
    async executeNode(request: ExecuteNodeInput): Promise<unknown> {
      const ctx = Context.current();
      const started = Date.now();
      const log = deps.logger.child({
        tenantId: request.tenantId,
        runId: request.runId,
        nodeId: request.nodeId,
        nodeType: `${request.type}@${request.typeVersion}`,
        attempt: ctx.info.attempt,
      });
      const interval = Math.max(
        200,
        (ctx.info.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS * 3) / 3,
      );
      const ticker = setInterval(() => ctx.heartbeat(), interval);
      const moved = () =>
        deps.liveEvents?.publish(request.tenantId, { topic: 'run', runId: request.runId });
      moved();
      try {
        const output = await run(deps, request, ctx);
        log.info({ durationMs: Date.now() - started }, 'node succeeded');
        return output;
      } catch (error) {
        if (ctx.cancellationSignal.aborted) {
          log.info({ durationMs: Date.now() - started }, 'node cancelled');
          throw ctx.cancellationSignal.reason ?? error;
        }
        const failure = toFailure(error);
        log.warn(
          {
            durationMs: Date.now() - started,
            code: failure.type,
            retryable: !failure.nonRetryable,
          },
          'node failed',
        );
        throw failure;
      } finally {
        clearInterval(ticker);
        moved();
      }
    },
  };
}

async function run(
  deps: ExecuteNodeDeps,
  request: ExecuteNodeInput,
  ctx: Context,
): Promise<unknown> {
  const nodeType = deps.catalog.get(request.type, request.typeVersion);
  const executor = deps.executors.get(`${request.type}@${request.typeVersion}`);
  if (!nodeType || !executor) {
    throw new NodeError(
      NodeErrorCode.UNKNOWN_NODE_TYPE,
      `this worker cannot run ${request.type}@${request.typeVersion}`,
    );
  }
  // Params resolved from expressions are checked here, in the words the editor uses for them.
  const params = checkParams(nodeType, request.params);
  if (!params.success)
    throw new NodeError(
      NodeErrorCode.INVALID_PARAMS,
      params.issues.map((i) => paramIssueText(request.nodeName, i)).join('; '),
    );

  let credentials: Record<string, unknown> | undefined;
  if (request.connectionId !== undefined) {
    credentials = await readCredentials(deps.secrets, request.tenantId, request.connectionId);
  } else if (nodeType.connectionType && !nodeType.connectionOptional) {
    throw new NodeError(
      NodeErrorCode.MISSING_CONNECTION,
      `${nodeType.title} needs a ${nodeType.connectionType} connection`,
    );
  }

  const output = await executor.execute({
    params: params.data,
    input: request.input,
    credentials,
    idempotencyKey: request.idempotencyKey,
    signal: ctx.cancellationSignal,
    heartbeat: (details) => ctx.heartbeat(details),
    outbound: request.outbound,
    maxOutputBytes: request.maxOutputBytes,
    attempt: ctx.info.attempt,
    ...(request.connectionId !== undefined && deps.connections
      ? { connection: deps.connections(request.tenantId, request.connectionId) }
      : {}),
  });

  const port = nodeType.outputs[0];
  const checked = port ? port.schema.safeParse(output) : { success: true as const };
  if (!checked.success)
    throw new NodeError(NodeErrorCode.INVALID_OUTPUT, issueText(checked.error.issues));
  const size = jsonByteLength(output);
  if (size > request.maxOutputBytes) {
    throw new NodeError(
      NodeErrorCode.PAYLOAD_TOO_LARGE,
      `the output (${size} bytes) is larger than the ${request.maxOutputBytes}-byte node output limit`,
    );
  }
  return output;
}

/** A connection's credentials, read at the moment of use; failures as NodeErrors. */
export async function readCredentials(
  secrets: Pick<ConnectionSecrets, 'read'>,
  tenantId: string,
  connectionId: string,
): Promise<Record<string, unknown>> {
  return secrets.read(tenantId, connectionId).catch((error: unknown) => {
    if (error instanceof ConnectionNotFoundError) {
      throw new NodeError(
        NodeErrorCode.MISSING_CONNECTION,
        `connection ${connectionId} has no credentials`,
      );
    }
    throw new NodeError(NodeErrorCode.SECRETS_UNAVAILABLE, (error as Error).message, {
      retryable: true,
    });
  });
}

/** Any failure as the typed `ApplicationFailure` (type = error code) retry policies understand. */
export function toFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof NodeError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: !error.retryable,
      // A zero delay would read as "no delay chosen" and stop retries; let the policy decide then.
      ...(error.retryAfterMs ? { nextRetryDelay: error.retryAfterMs } : {}),
    });
  }
  // An executor bug or an unexpected library error: retry it, a transient cause is the likelier one.
  return ApplicationFailure.create({
    type: NodeErrorCode.NODE_FAILED,
    message: error instanceof Error ? error.message : String(error),
    nonRetryable: false,
  });
}

function issueText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
