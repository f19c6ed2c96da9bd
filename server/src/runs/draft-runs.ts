// A test run of a flow's draft, from the editor's Test run or a webhook's test URL: compiled at
// the call, its graph kept as the snapshot the run is shown on (the draft will move on).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonValue } from '@bizosaas/shared';
import { compileFlow } from '../services/flows.js';
import type { Services } from '../services.js';
import { saveSnapshot } from './snapshots.js';

export interface DraftRunInput {
  tenantId: string;
  flowId: string;
  draft: unknown;
  payload: JsonValue;
  /** A caller's key (a webhook's Idempotency-Key); else the gateway names the run. */
  runId?: string;
  startedBy: string | null;
}

/** Starts the draft as a test run (version 0); returns the run's id. */
export async function startDraftRun(
  services: Pick<Services, 'catalog' | 'runs' | 'metrics'>,
  em: EntityManager,
  input: DraftRunInput,
): Promise<string> {
  const definition = compileFlow(input.draft, services.catalog);
  const snapshot = await saveSnapshot(em, input.tenantId, input.flowId, input.draft);
  const { runId } = await services.runs.start({
    tenantId: input.tenantId,
    flowId: input.flowId,
    version: 0,
    definition,
    trigger: { kind: 'test', payload: input.payload },
    ...(input.runId !== undefined ? { runId: input.runId } : {}),
    startedBy: input.startedBy,
    snapshot,
  });
  services.metrics.runsStarted.inc({ trigger: 'test' });
  return runId;
}
