// Webhook ingress. An async webhook call is acknowledged once its run is durably recorded: started
// in Temporal (idempotent workflow id), or — when Temporal is away or slow, the tenant is over its
// start limit, or a burst has this process's direct starts all in flight — queued as a BullMQ job
// in Redis, which the stack runs with `appendfsync always`, so an acknowledged job survives a
// crash. A worker in every server process turns jobs into Temporal runs. The job id is the run id,
// so a retried job, a direct start that answered late or a replayed Idempotency-Key never starts a
// second run. The body waits in Redis sealed with the payload codec's key, as unreadable there as
// in workflow history.
import { createHash } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { jsonSealerFromConfig, PayloadDecryptionError, type SealedJson } from '@bizosaas/runtime';
import type { OutboundPolicy } from '@bizosaas/nodes';
import type { FlowDefinition, JsonValue } from '@bizosaas/shared';
import { FlowVersionEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import type { Services } from '../services.js';

export const INGRESS_QUEUE = 'webhook-ingress';

/** A webhook call to turn into a run. */
export interface IngressJob {
  tenantId: string;
  flowId: string;
  version: number;
  /** The run suffix: from the Idempotency-Key, or random. */
  runKey: string;
  payload: JsonValue;
}

/** The job as Redis keeps it: the payload sealed (jobs queued before sealing carry it plain). */
type QueuedJob = (Omit<IngressJob, 'payload'> & { sealed: SealedJson }) | IngressJob;

const DEFINITION_CACHE_LIMIT = 500;
/** Direct starts one server process has in flight; a call beyond them is queued at once. */
const DIRECT_STARTS_IN_FLIGHT = 32;
/** A direct start Temporal has not confirmed within this is queued as well. */
const DIRECT_START_WAIT_MS = 2_000;

/** Whether `work` settles successfully within `ms`; it keeps running either way. */
function succeedsWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    work
      .then(
        () => resolve(true),
        () => resolve(false),
      )
      .finally(() => clearTimeout(timer));
  });
}

export function createIngress(
  services: Pick<Services, 'config' | 'orm' | 'runs' | 'metrics' | 'logger'>,
  /** Tests give each server its own, so no server starts another's runs on its task queue. */
  queueName = INGRESS_QUEUE,
) {
  // BullMQ leaves connections it was given open on close; we keep them to close them ourselves.
  const connections: Redis[] = [];
  const connection = () => {
    const redis = new Redis(services.config.REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const queue = new Queue<QueuedJob>(queueName, { connection: connection() });
  const sealer = jsonSealerFromConfig(services.config);
  // Versions are immutable, so a definition can be cached for as long as the process lives.
  const definitions = new Map<string, FlowDefinition>();

  async function definitionOf(
    tenantId: string,
    flowId: string,
    version: number,
  ): Promise<FlowDefinition> {
    const key = `${flowId}@${version}`;
    const cached = definitions.get(key);
    if (cached) return cached;
    const row = await services.orm.em
      .fork()
      .findOneOrFail(FlowVersionEntity, { tenantId, flowId, version }, { fields: ['definition'] });
    if (definitions.size >= DEFINITION_CACHE_LIMIT)
      definitions.delete(definitions.keys().next().value as string);
    definitions.set(key, row.definition as FlowDefinition);
    return row.definition as FlowDefinition;
  }

  /** Starts the job's run; `outbound` is the tenant's policy when the caller read it already. */
  async function startRun(job: IngressJob, outbound?: OutboundPolicy): Promise<string> {
    const { runId } = await services.runs.start({
      tenantId: job.tenantId,
      flowId: job.flowId,
      version: job.version,
      definition: await definitionOf(job.tenantId, job.flowId, job.version),
      trigger: { kind: 'webhook', payload: job.payload },
      runId: job.runKey,
      startedBy: null,
      ...(outbound ? { outbound } : {}),
    });
    services.metrics.runsStarted.inc({ trigger: 'webhook' });
    return runId;
  }

  /** Queues a run start; resolves once Redis has the job. */
  async function enqueue(job: IngressJob): Promise<void> {
    const { payload, ...rest } = job;
    await queue.add(
      'start',
      { ...rest, sealed: await sealer.seal(payload) },
      {
        // BullMQ ids may not contain ':'; a hash of the run identity is unique and stable.
        jobId: createHash('sha256')
          .update(`${job.tenantId}/${job.flowId}/${job.runKey}`)
          .digest('hex'),
        attempts: 50,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: false,
      },
    );
  }

  let directStarts = 0;

  /** Records an async call's run durably: started at once where Temporal takes it, else queued. */
  async function accept(job: IngressJob, outbound?: OutboundPolicy): Promise<'started' | 'queued'> {
    if (directStarts < DIRECT_STARTS_IN_FLIGHT) {
      directStarts++;
      const start = startRun(job, outbound).finally(() => directStarts--);
      // Refused (over the tenant's limit, Temporal away) or late: the queue takes it from here.
      if (await succeedsWithin(start, DIRECT_START_WAIT_MS)) return 'started';
    }
    await enqueue(job);
    return 'queued';
  }

  let worker: Worker<QueuedJob> | undefined;

  return {
    queue,
    startRun,
    accept,
    enqueue,
    /** A published version's definition (cached: versions never change). */
    definitionOf,
    async depth(): Promise<number> {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    startWorker(concurrency = 50) {
      worker = new Worker<QueuedJob>(
        queueName,
        async (job: Job<QueuedJob>, token?: string) => {
          const { data } = job;
          let start: IngressJob;
          if (!('sealed' in data)) start = data;
          else {
            const { sealed, ...rest } = data;
            const payload = await sealer.open(sealed).catch((error: unknown) => {
              // No retry opens it: its key is gone or its bytes were altered. The job stays, failed.
              if (error instanceof PayloadDecryptionError)
                throw new UnrecoverableError(error.message);
              throw error;
            });
            start = { ...rest, payload };
          }
          try {
            return await startRun(start);
          } catch (error) {
            // The tenant is starting runs faster than its share: the job waits its turn in the
            // queue, without spending one of its attempts.
            const wait = error instanceof AppError ? error.retryAfterSeconds : undefined;
            if (wait !== undefined) {
              await job.moveToDelayed(Date.now() + wait * 1000, token);
              throw new DelayedError();
            }
            throw error;
          }
        },
        { connection: connection(), concurrency },
      );
      worker.on('failed', (job, error) => {
        services.metrics.runsStartFailed.inc();
        services.logger.warn(
          { jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
          'webhook run start failed; will retry',
        );
      });
      worker.on('error', (error) =>
        services.logger.warn({ err: error.message }, 'ingress worker problem'),
      );
    },
    async close() {
      await worker?.close();
      await queue.close();
      for (const redis of connections) redis.disconnect();
    },
  };
}

export type Ingress = ReturnType<typeof createIngress>;
