// npm run up | down | status — the local stack of one profile (dev, or test under npm test).
//   up [--infra]   start what is not running (--infra: databases and engines only, no app),
//                  through the stack's supervisor, which restarts whatever dies from then on
//   down           stop the supervisor and what it started, by recorded PID; data stays in .data/
//   status         the supervisor, then one line per service with its restarts and last exit
import { spawnSync } from 'node:child_process';
import { ConfigError } from '@bizosaas/shared/config';
import { createContext, refreshChildEnv, type StackContext } from './context.js';
import { StackError, stopPid } from './processes.js';
import { ensureEditorBuilt } from './editor-build.js';
import { APP, INFRA } from './services.js';
import { ensurePortFree, type Service } from './service.js';
import {
  describeExit,
  readSupervisorState,
  requestService,
  supervisorFiles,
  supervisorPid,
  type ServiceState,
} from './supervision.js';

const DEMO_LOGIN = { email: 'demo@bizosaas.local', password: 'demo-password' };

/** Starts a service through the stack's supervisor, which keeps it running from then on. */
async function ensureRunning(service: Service, context: StackContext): Promise<void> {
  const label = service.name.padEnd(9);
  if (service.pid(context) !== undefined) {
    await requestService(context, service.name);
    console.log(`    ${label} already running at ${service.address(context)}`);
    return;
  }
  // Checked here too, so a port in the way stops `up` before any supervisor starts.
  ensurePortFree(service, context);
  const started = Date.now();
  await requestService(context, service.name);
  // The supervisor may have generated secrets (OpenBao's token) that the scripts below need.
  refreshChildEnv(context);
  console.log(`    ${label} started at ${service.address(context)} (${Date.now() - started} ms)`);
}

function runScript(context: StackContext, entry: string, what: string): void {
  const result = spawnSync(`${context.root}/node_modules/.bin/tsx`, [entry], {
    cwd: context.root,
    env: context.childEnv,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new StackError(`${what} failed (exit ${result.status})`);
}

async function up(context: StackContext, infraOnly: boolean): Promise<void> {
  console.log(
    `==> starting the ${context.config.BIZOSAAS_PROFILE} stack (data in ${context.dataDir})`,
  );
  for (const service of INFRA) await ensureRunning(service, context);
  runScript(context, 'server/src/cli/migrate.ts', 'database migrations');
  if (infraOnly) return;
  runScript(context, 'server/src/cli/seed.ts', 'seeding the demo tenant');
  ensureEditorBuilt(context.root);
  for (const service of APP) await ensureRunning(service, context);
  runScript(context, 'scripts/demo/seed-demo-flows.ts', 'seeding the demo flows');
  const url = `http://127.0.0.1:${context.config.SERVER_PORT}`;
  console.log(`
BizOSaaS is up.
  editor      ${url}
  login       ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}
  API         ${url}/trpc   health ${url}/healthz
  Temporal UI http://127.0.0.1:${context.config.TEMPORAL_UI_PORT}
  logs        ${context.logDir}
Stop it with: npm run down`);
}

async function down(context: StackContext): Promise<void> {
  const running = [...INFRA, ...APP].filter((service) => service.pid(context) !== undefined);
  // The supervisor stops what it supervises (last started first) and restarts none of it.
  const supervisor = supervisorPid(context);
  if (supervisor !== undefined) await stopPid(supervisor, 180_000);
  for (const service of running.reverse()) {
    if (service.pid(context) !== undefined) await service.stop(context);
    console.log(`    ${service.name.padEnd(9)} stopped`);
  }
}

/** "restarts 2, last killed by SIGKILL at 21:30:02", or nothing before the first exit. */
function restartNote(state: ServiceState | undefined): string {
  if (!state?.lastExit) return '';
  const at = state.lastExit.at.slice(11, 19);
  return `restarts ${state.restarts}, last ${describeExit(state.lastExit)} at ${at} UTC`;
}

function serviceLine(service: Service, context: StackContext, state: ServiceState | undefined) {
  const pid = service.pid(context);
  if (pid !== undefined) return `running (pid ${pid})`;
  if (state?.state === 'restarting' && state.nextStartAt) {
    const inSeconds = Math.max(0, Math.ceil((Date.parse(state.nextStartAt) - Date.now()) / 1000));
    return `restarting in ${inSeconds} s`;
  }
  return state?.state === 'starting' ? 'starting' : 'stopped';
}

function status(context: StackContext): boolean {
  const supervisor = supervisorPid(context);
  const states = supervisor === undefined ? {} : (readSupervisorState(context)?.services ?? {});
  console.log(
    supervisor === undefined
      ? 'supervisor stopped: nothing restarts a service that dies (npm run up starts it)'
      : `supervisor (pid ${supervisor}) restarts a service that dies; log ${supervisorFiles(context).log}`,
  );
  let allUp = supervisor !== undefined;
  for (const service of [...INFRA, ...APP]) {
    const state = states[service.name];
    const line = serviceLine(service, context, state);
    allUp &&= line.startsWith('running');
    const note = restartNote(state);
    console.log(
      `${service.name.padEnd(9)} ${line.padEnd(22)} ${service.address(context)}${note ? `  ${note}` : ''}`,
    );
  }
  return allUp;
}

async function main(): Promise<number> {
  const [command, ...flags] = process.argv.slice(2);
  const context = createContext();
  switch (command) {
    case 'up':
      await up(context, flags.includes('--infra'));
      return 0;
    case 'down':
      await down(context);
      return 0;
    case 'status':
      return status(context) ? 0 : 3;
    default:
      console.error('usage: stack up [--infra] | down | status');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof StackError || error instanceof ConfigError) {
      console.error(`\x1b[31merror:\x1b[0m ${error.message}`);
      if (error instanceof StackError && error.hint) console.error(`       ${error.hint}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
