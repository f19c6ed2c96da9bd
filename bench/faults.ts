/**
 * npm run bench -- faults
 *
 * The fault drills of issue 12 at full size, on a private drill stack (own PostgreSQL, Redis,
 * Temporal dev server, OpenBao, server and worker processes on free ports, data in a temp
 * folder), never the shared test stack: SIGKILL the worker 5 times during 200 runs whose action
 * node takes 2 s against a local peer; restart Temporal mid-batch; kill Redis during a webhook
 * burst; seal OpenBao mid-run; stop PostgreSQL for 10 s; two servers and two workers, one of each
 * killed; a noisy tenant starting 1,000 runs beside a quiet one. The baseline of the quiet
 * tenant's start latency is the same drill with no noisy tenant, in the same run.
 * Last line: `faults: <n> drills, runs lost <n>, side effects duplicated <n>, quiet-tenant start p99 <ms> ms`.
 */
import { DrillStack } from '@bizosaas/scripts/faults/stack';
import { runDrills } from '@bizosaas/scripts/faults';

const stack = await DrillStack.start();
let failed = false;
try {
  const summary = await runDrills(
    stack,
    {
      killRuns: Number(process.env.FAULTS_KILL_RUNS ?? 200),
      kills: 5,
      actionMs: 2_000,
      temporalRuns: 100,
      webhookCalls: 1_000,
      sealedMs: 5_000,
      postgresDownMs: 10_000,
      twoOfEachRuns: 100,
      noisyRuns: Number(process.env.FAULTS_NOISY_RUNS ?? 1_000),
      quietRuns: 50,
    },
    (line) => console.log(line),
  );
  console.log(summary);
} catch (error) {
  failed = true;
  throw error;
} finally {
  const keepLogsIn = failed ? `${stack.dataDir}-logs` : undefined;
  await stack.stop({ keepLogsIn });
  if (keepLogsIn) console.error(`the drill stack's logs are in ${keepLogsIn}`);
}
process.exit(0);
