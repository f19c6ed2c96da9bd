import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr. */
  logs: string[];
  healthUrl: string;
}

/** The worker as `npm run up` starts it, in its own process, once its /healthz answers. */
export async function spawnWorker(taskQueue: string, healthPort: number): Promise<WorkerProcess> {
  const logs: string[] = [];
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'runtime/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => logs.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => logs.push(c.toString()));
  const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(healthUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, logs, healthUrl };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start:\n${logs.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
