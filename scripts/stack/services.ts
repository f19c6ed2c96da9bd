// The services of the local stack, in start order. PostgreSQL lives in its own module because
// pg_ctl manages its process; the others are plain processes we start detached and track by PID.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPort } from '@bizosaas/shared/config';
import type { StackContext } from './context.js';
import { openbaoReady, prepareOpenbao } from './openbao.js';
import { postgres } from './postgres.js';
import {
  ensureDir,
  portOpen,
  ProcessExitedError,
  readPidFile,
  run,
  startDetached,
  stopPid,
  waitFor,
} from './processes.js';
import type { Service } from './service.js';

interface ProcessSpec {
  name: string;
  address(context: StackContext): string;
  command(context: StackContext): { command: string; args: string[]; cwd?: string };
  /** True once the process can serve requests. */
  ready(context: StackContext): Promise<boolean>;
  /** One-time preparation after it is ready (unseal, migrations…). */
  afterReady?(context: StackContext): Promise<void>;
  startTimeoutMs?: number;
}

function processService(spec: ProcessSpec): Service {
  const pidFile = (context: StackContext) => join(context.pidDir, `${spec.name}.pid`);
  const logFile = (context: StackContext) => join(context.logDir, `${spec.name}.log`);
  return {
    name: spec.name,
    address: spec.address,
    logFile,
    pid: (context) => readPidFile(pidFile(context)),
    async start(context, spawned) {
      const { command, args, cwd } = spec.command(context);
      const child = startDetached(command, args, {
        pidFile: pidFile(context),
        logFile: logFile(context),
        env: context.childEnv,
        cwd: cwd ?? context.root,
      });
      spawned?.(child);
      // A process that died on start (bad config, missing library) fails at once, not at the timeout.
      const readyOrDead = async () => {
        if (readPidFile(pidFile(context)) === undefined) {
          throw new ProcessExitedError(
            `${spec.name} exited while starting`,
            `see its log: ${logFile(context)}`,
          );
        }
        return spec.ready(context);
      };
      await waitFor(spec.name, readyOrDead, {
        timeoutMs: spec.startTimeoutMs ?? 60_000,
        logFile: logFile(context),
      });
      await spec.afterReady?.(context);
    },
    async stop(context) {
      const pid = readPidFile(pidFile(context));
      if (pid !== undefined) await stopPid(pid);
    },
  };
}

const tcpReady = (address: string) => {
  const { host, port } = hostPort(address);
  return portOpen(host, port);
};

const redisAddress = (context: StackContext) => {
  const { host, port } = hostPort(context.config.REDIS_URL);
  return `${host}:${port}`;
};

const redis = processService({
  name: 'redis',
  address: redisAddress,
  command(context) {
    const { host, port } = hostPort(context.config.REDIS_URL);
    const dir = ensureDir(context.dataDir, 'redis');
    // appendfsync always: a webhook acknowledged after its job is queued survives a crash.
    return {
      command: 'redis-server',
      args: [
        '--bind',
        host,
        '--port',
        String(port),
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--protected-mode',
        'yes',
      ],
    };
  },
  ready: async (context) =>
    run('redis-cli', ['-u', context.config.REDIS_URL, 'ping'], { timeout: 2000 }).trim() === 'PONG',
});

/**
 * The dev server has one history shard, and a shard reads its transfer queue (the tasks that hand
 * a new workflow task to matching, e.g. after an activity completes) at most 20 times a second by
 * default: with one shard for everything, a workflow task then waited 34 ms on average before any
 * worker could take it, and a sequence of 20 plain activities took 52 ms per activity. At 1000 reads
 * a second it waits 3 ms (18 ms per activity; same machine, same worker). The timer queue, which
 * fires durable timers and timeouts, has the same limit. docker-compose.yml passes the same values.
 * Eager activity dispatch (`system.enableActivityEagerExecution=true`) was measured and left off:
 * with it, the agent bench's Temporal floor (plain activities) took 53–56 ms per step, not 28.
 */
export const TEMPORAL_DEV_SERVER_DYNAMIC_CONFIG = [
  'history.transferProcessorMaxPollRPS=1000',
  'history.timerProcessorMaxPollRPS=1000',
];

/**
 * `temporal server start-dev` as the stack runs it (the drill stack of the fault drills and the
 * throughput bench too: it starts the stack's own service definitions). SQLite in WAL mode with `synchronous=normal` commits without an fsync per
 * transaction (the WAL is synced at checkpoints). With the default rollback journal every write
 * waited for an fsync: a hand-written workflow alone ran 11.8 runs/s at concurrency 10 on this
 * kind of machine, 31 runs/s with these pragmas (same run, same worker). A crash of the machine
 * (not of the process) may lose the last transactions — fine for a dev/test store; production
 * runs a Temporal cluster on PostgreSQL/Cassandra instead (see README, Performance).
 */
function temporalDevServerArgs(options: {
  address: string;
  uiPort: number;
  dbFile: string;
  namespace: string;
}): string[] {
  const { host, port } = hostPort(options.address);
  return [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    String(port),
    '--ui-port',
    String(options.uiPort),
    '--db-filename',
    options.dbFile,
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--namespace',
    options.namespace,
    '--search-attribute',
    'TenantId=Keyword',
    '--search-attribute',
    'FlowId=Keyword',
    '--search-attribute',
    'FlowVersion=Int',
    '--log-level',
    'warn',
    ...TEMPORAL_DEV_SERVER_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
  ];
}

const temporal = processService({
  name: 'temporal',
  address: (context) => context.config.TEMPORAL_ADDRESS,
  command(context) {
    const dir = ensureDir(context.dataDir, 'temporal');
    return {
      command: join(context.venvBin, 'temporal'),
      args: temporalDevServerArgs({
        address: context.config.TEMPORAL_ADDRESS,
        uiPort: context.config.TEMPORAL_UI_PORT,
        dbFile: join(dir, 'temporal.db'),
        namespace: context.config.TEMPORAL_NAMESPACE,
      }),
    };
  },
  ready: async (context) =>
    (await tcpReady(context.config.TEMPORAL_ADDRESS)) &&
    run(
      join(context.venvBin, 'temporal'),
      [
        'operator',
        'namespace',
        'describe',
        '--address',
        context.config.TEMPORAL_ADDRESS,
        '--namespace',
        context.config.TEMPORAL_NAMESPACE,
      ],
      { timeout: 5000 },
    ).includes('Registered'),
  startTimeoutMs: 90_000,
});

const openbao = processService({
  name: 'openbao',
  address: (context) => context.config.VAULT_ADDR,
  command(context) {
    const { host, port } = hostPort(context.config.VAULT_ADDR);
    const dir = ensureDir(context.dataDir, 'openbao');
    const configFile = join(dir, 'config.hcl');
    // Integrated (raft) storage on disk, not -dev in-memory mode, so secrets survive a restart.
    // OpenBao 2 dropped the "file" backend; raft also wants a cluster port, the next one up.
    writeFileSync(
      configFile,
      [
        `storage "raft" {\n  path = "${ensureDir(dir, 'data')}"\n  node_id = "local"\n}`,
        `listener "tcp" {\n  address = "${host}:${port}"\n  cluster_address = "${host}:${port + 1}"\n  tls_disable = true\n}`,
        `api_addr = "${context.config.VAULT_ADDR}"`,
        `cluster_addr = "http://${host}:${port + 1}"`,
        'ui = false',
        '',
      ].join('\n'),
    );
    return { command: join(context.venvBin, 'bao'), args: ['server', `-config=${configFile}`] };
  },
  ready: (context) => tcpReady(context.config.VAULT_ADDR),
  afterReady: async (context) => {
    await prepareOpenbao(context);
    await waitFor('openbao unsealed with KV v2', () => openbaoReady(context));
  },
});

const appProcess = (name: string, entry: string, port: (context: StackContext) => number) =>
  processService({
    name,
    address: (context) => `http://127.0.0.1:${port(context)}`,
    // One process (node running the entry through tsx), so the recorded PID is the one that gets
    // SIGTERM; scripts/run-ts.mjs keeps tsx out of the worker's workflow threads.
    command: () => ({ command: process.execPath, args: ['scripts/run-ts.mjs', entry] }),
    ready: async (context) => {
      const response = await fetch(`http://127.0.0.1:${port(context)}/healthz`).catch(
        () => undefined,
      );
      return response?.ok ?? false;
    },
  });

const server = appProcess('server', 'server/src/main.ts', (context) => context.config.SERVER_PORT);
const worker = appProcess(
  'worker',
  'runtime/src/main.ts',
  (context) => context.config.WORKER_HEALTH_PORT,
);
const demo = appProcess(
  'demo',
  'scripts/demo/demo-service.ts',
  (context) => context.config.DEMO_SERVICE_PORT,
);

/** Infrastructure first, then the application; `down` stops them in reverse. */
export const INFRA: Service[] = [postgres, redis, temporal, openbao];
export const APP: Service[] = [demo, server, worker];
