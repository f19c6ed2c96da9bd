// The supervisor of one local stack: a detached process, started by `npm run up`, that starts
// the services `up` asks for (supervision.ts), restarts any that dies with a growing delay
// (BACKOFF), logs every exit and restart, and on SIGTERM (`npm run down`) stops them all,
// last started first, restarting none.
import type { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createContext } from './context.js';
import { StackError } from './processes.js';
import { ensurePortFree, type Service } from './service.js';
import { APP, INFRA } from './services.js';
import {
  BACKOFF,
  describeExit,
  readDesired,
  restartDelayMs,
  supervisorFiles,
  writeJson,
  type ServiceState,
  type SupervisorState,
} from './supervision.js';

const TICK_MS = 250;

interface Supervised {
  service: Service;
  state: ServiceState;
  /** The process, when this supervisor started it (and so hears how it ends). */
  child?: ChildProcess;
  /** When it became ready, or when this supervisor adopted it (`adopted`). */
  startedAt: number;
  adopted: boolean;
  /** Failures in a row without a stable run in between; sets the next delay. */
  failures: number;
  busy: boolean;
  timer?: NodeJS.Timeout;
}

const context = createContext();
const files = supervisorFiles(context);
const ORDER = [...INFRA, ...APP];
const supervised = new Map<string, Supervised>();
let stopping = false;
let written = '';

function log(line: string): void {
  appendFileSync(files.log, `${new Date().toISOString()} ${line}\n`);
}

function writeState(): void {
  const state: SupervisorState = {
    pid: process.pid,
    services: Object.fromEntries([...supervised].map(([name, entry]) => [name, entry.state])),
  };
  const body = JSON.stringify(state);
  if (body === written) return;
  writeJson(files.state, state);
  written = body;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function errorOf(error: unknown): ServiceState['error'] {
  if (error instanceof StackError) return { message: error.message, hint: error.hint };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Starts a service and waits until it is ready; false (with the error recorded) if it failed. */
async function start(entry: Supervised): Promise<boolean> {
  const { service } = entry;
  entry.busy = true;
  entry.child = undefined;
  entry.state = { ...entry.state, state: 'starting', pid: undefined, nextStartAt: undefined };
  writeState();
  try {
    ensurePortFree(service, context);
    await service.start(context, (child) => {
      entry.child = child;
      entry.state.pid = child.pid;
      child.once('exit', (code, signal) => exited(entry, child, { code, signal }));
    });
    entry.startedAt = Date.now();
    entry.adopted = false;
    entry.state = { ...entry.state, state: 'running', pid: service.pid(context), error: undefined };
    return true;
  } catch (error) {
    entry.state.error = errorOf(error);
    // A process that is up but never became ready is stopped, not left half-running.
    if (!stopping && service.pid(context) !== undefined) await service.stop(context);
    return false;
  } finally {
    entry.busy = false;
    writeState();
  }
}

/** A restart after a death: on failure, the next one is scheduled with a longer delay. */
async function restart(entry: Supervised): Promise<void> {
  entry.timer = undefined;
  if (stopping) return;
  entry.state.restarts += 1;
  const began = Date.now();
  if (await start(entry)) {
    log(
      `${entry.service.name} restarted (pid ${entry.state.pid}), ready in ${seconds(Date.now() - began)}`,
    );
    return;
  }
  if (stopping) return;
  log(`${entry.service.name} did not restart: ${entry.state.error?.message}`);
  scheduleRestart(entry);
}

function scheduleRestart(entry: Supervised): void {
  entry.failures += 1;
  const delay = restartDelayMs(entry.failures);
  entry.state = {
    ...entry.state,
    state: 'restarting',
    pid: undefined,
    nextStartAt: new Date(Date.now() + delay).toISOString(),
  };
  log(`${entry.service.name}: restart ${entry.state.restarts + 1} in ${seconds(delay)}`);
  entry.timer = setTimeout(() => void restart(entry), delay);
  writeState();
}

/** The process of a running service is gone. */
function exited(
  entry: Supervised,
  child: ChildProcess | undefined,
  exit: { code: number | null; signal: NodeJS.Signals | null },
): void {
  if (child !== undefined && child !== entry.child) return; // an older process of this service
  entry.child = undefined;
  const ranMs = Date.now() - entry.startedAt;
  entry.state.lastExit = { ...exit, at: new Date().toISOString() };
  if (stopping || entry.state.state !== 'running') {
    // Stopping, or it died while starting: start() reports that.
    writeState();
    return;
  }
  const ran = entry.adopted ? `${seconds(ranMs)} after it was adopted` : `after ${seconds(ranMs)}`;
  log(
    `${entry.service.name} (pid ${entry.state.pid}) ${describeExit(entry.state.lastExit)} ${ran}`,
  );
  if (ranMs >= BACKOFF.stableMs) entry.failures = 0;
  scheduleRestart(entry);
}

/** Answers the start requests `up` made since the last tick, in the stack's start order. */
async function answerRequests(): Promise<void> {
  const desired = readDesired(context);
  for (const service of ORDER) {
    const request = desired[service.name];
    let entry = supervised.get(service.name);
    if (request === undefined || entry?.state.request === request || entry?.busy) continue;
    if (!entry) {
      entry = {
        service,
        state: { state: 'stopped', restarts: 0 },
        startedAt: 0,
        adopted: false,
        failures: 0,
        busy: false,
      };
      supervised.set(service.name, entry);
    }
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const pid = service.pid(context);
    if (pid !== undefined) {
      // Already running (started before this supervisor, or by pg_ctl): watched by its PID.
      if (entry.state.state !== 'running') {
        entry.startedAt = Date.now();
        entry.adopted = true;
        log(`${service.name} (pid ${pid}) supervised`);
      }
      entry.state = { ...entry.state, state: 'running', pid, request, error: undefined };
      writeState();
      continue;
    }
    entry.state.request = request;
    const began = Date.now();
    if (await start(entry)) {
      log(
        `${service.name} started (pid ${entry.state.pid}), ready in ${seconds(Date.now() - began)}`,
      );
    } else {
      // A start `up` asked for is not retried: `up` reports why it failed.
      entry.state.state = 'failed';
      log(`${service.name} did not start: ${entry.state.error?.message}`);
      writeState();
    }
  }
}

/** Processes this supervisor is not the parent of are watched by PID. */
function watchByPid(): void {
  for (const entry of supervised.values()) {
    if (entry.state.state !== 'running' || entry.child || entry.busy) continue;
    if (entry.service.pid(context) === undefined)
      exited(entry, undefined, { code: null, signal: null });
  }
}

async function stopAll(): Promise<void> {
  stopping = true;
  log('stopping every service (npm run down); none is restarted');
  for (const entry of supervised.values()) clearTimeout(entry.timer);
  for (const service of [...ORDER].reverse()) {
    const entry = supervised.get(service.name);
    if (!entry) continue;
    if (service.pid(context) !== undefined) {
      await service.stop(context);
      log(`${service.name} stopped`);
    }
    entry.state = { ...entry.state, state: 'stopped', pid: undefined, nextStartAt: undefined };
  }
  writeState();
}

let answering = false;
/** One pass at a time: a start can take a minute, while deaths are still watched meanwhile. */
async function answerInTurn(): Promise<void> {
  if (answering || stopping) return;
  answering = true;
  try {
    await answerRequests();
  } catch (error) {
    log(
      `supervisor error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    answering = false;
  }
}

process.on('SIGTERM', () => {
  void stopAll().finally(() => process.exit(0));
});
log(`supervisor started (pid ${process.pid}) for the ${context.config.BIZOSAAS_PROFILE} stack`);
writeState();
setInterval(() => {
  if (stopping) return;
  watchByPid();
  void answerInTurn();
}, TICK_MS);
