// npm run up | down | status — the local stack of one profile (dev, or test under npm test).
//   up [--infra]   start what is not running (--infra: databases and engines only, no app)
//   down           stop what up started, by recorded PID; data stays under .data/
//   status         one line per service
import { spawnSync } from 'node:child_process';
import { ConfigError } from '@bizosaas/shared/config';
import { createContext, type StackContext } from './context.js';
import { portOwner, StackError } from './processes.js';
import { ensureEditorBuilt } from './editor-build.js';
import { APP, INFRA } from './services.js';
import type { Service } from './service.js';
import { hostPort } from '@bizosaas/shared/config';

const DEMO_LOGIN = { email: 'demo@bizosaas.local', password: 'demo-password' };

function portOf(service: Service, context: StackContext): number {
  return hostPort(service.address(context)).port;
}

async function ensureRunning(service: Service, context: StackContext): Promise<void> {
  const label = service.name.padEnd(9);
  if (service.pid(context) !== undefined) {
    console.log(`    ${label} already running at ${service.address(context)}`);
    return;
  }
  const port = portOf(service, context);
  const owner = portOwner(port);
  if (owner) {
    throw new StackError(
      `port ${port}, which ${service.name} needs, is taken by ${owner}`,
      `stop that process, or give ${service.name} another port (see "Configuration" in the README)`,
    );
  }
  const started = Date.now();
  await service.start(context);
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
  for (const service of [...INFRA, ...APP].reverse()) {
    if (service.pid(context) === undefined) continue;
    await service.stop(context);
    console.log(`    ${service.name.padEnd(9)} stopped`);
  }
}

function status(context: StackContext): boolean {
  let allUp = true;
  for (const service of [...INFRA, ...APP]) {
    const pid = service.pid(context);
    allUp &&= pid !== undefined;
    const state = pid === undefined ? 'stopped' : `running (pid ${pid})`;
    console.log(`${service.name.padEnd(9)} ${state.padEnd(22)} ${service.address(context)}`);
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
