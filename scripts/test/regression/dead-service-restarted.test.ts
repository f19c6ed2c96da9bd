// A service of `npm run up` that died stayed dead, and `status` only said "stopped". Now `up`
// leaves a supervisor behind: a service that dies comes back (later and later while it keeps
// failing), `status` counts it, and `down` stops everything without anything coming back.
// On a stack of its own: killing the shared test stack's services would break other tests.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import vault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../stack/processes.js';
import { restartDelayMs } from '../../stack/supervision.js';
import { isolatedStack, stack, vaultToken } from '../stack-cli.js';

const under = isolatedStack('supervise-stack', 54700);
const supervisorLog = () => readFileSync(join(under.dataDir, 'logs/supervisor.log'), 'utf8');

function statusLine(service: string): string {
  const line = stack(under, 'status')
    .stdout.split('\n')
    .find((text) => text.startsWith(`${service} `));
  if (!line) throw new Error(`no status line for ${service}`);
  return line;
}

const pidOf = (service: string) => Number(/running \(pid (\d+)\)/.exec(statusLine(service))?.[1]);

/** Running under a new PID, read from one status: two reads could see the old one, then none. */
function isReplaced(service: string, old: number): boolean {
  const pid = pidOf(service);
  return pid > 0 && pid !== old;
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('regression: the supervisor of a stack', () => {
  beforeAll(() => {
    stack(under, 'down');
    rmSync(under.dataDir, { recursive: true, force: true });
  });
  afterAll(() => {
    stack(under, 'down');
  });

  it('waits 1 s before a first restart, doubling up to 30 s while restarts keep failing', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(restartDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('restarts a killed service, backs off while it cannot start, and counts it in status', async () => {
    const up = stack(under, 'up', '--infra');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(stack(under, 'status').stdout).toMatch(/^supervisor \(pid \d+\) restarts a service/);

    // Killed, with its port taken meanwhile: the first restart (after 1 s) fails, the next
    // comes 2 s later, once the port is free again.
    const first = pidOf('redis');
    process.kill(first, 'SIGKILL');
    const blocker: Server = createServer();
    await until('redis is gone', () => !isAlive(first));
    await new Promise<void>((resolve) =>
      blocker.listen(under.addresses.redis, '127.0.0.1', resolve),
    );
    await until('the first restart failed', () =>
      supervisorLog().includes('redis did not restart'),
    );
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await until('redis is back', () => pidOf('redis') > 0);

    expect(pidOf('redis')).not.toBe(first);
    expect(statusLine('redis')).toMatch(/restarts 2, last killed by SIGKILL at \d\d:\d\d:\d\d UTC/);
    const log = supervisorLog();
    expect(log).toContain(`redis (pid ${first}) killed by SIGKILL after`);
    expect(log).toMatch(
      /redis: restart 1 in 1 s\n.*redis did not restart: port \d+, which redis needs, is taken by node/,
    );
    expect(log).toMatch(/redis: restart 2 in 2 s\n.*redis restarted \(pid \d+\)/);
  }, 300_000);

  it('brings OpenBao back unsealed, with the secrets written before it died', async () => {
    const client = () =>
      vault({
        endpoint: under.addresses.vault,
        token: vaultToken(under),
        requestOptions: { httpAgent: new Agent({ keepAlive: false }) },
      });
    const path = `secret/data/supervise/${randomUUID()}`;
    await client().write(path, { data: { password: 'kept' } });

    const first = pidOf('openbao');
    process.kill(first, 'SIGKILL');
    await until('openbao is back', () => isReplaced('openbao', first));
    expect(statusLine('openbao')).toMatch(/restarts 1, last killed by SIGKILL/);
    expect((await client().read(path)).data.data).toEqual({ password: 'kept' });
  }, 120_000);

  it('is started again by up if it died itself, and adopts what still runs', async () => {
    const supervisor = Number(/supervisor \(pid (\d+)\)/.exec(stack(under, 'status').stdout)?.[1]);
    process.kill(supervisor, 'SIGKILL');
    await until('the supervisor is gone', () => !isAlive(supervisor));
    expect(stack(under, 'status').stdout).toMatch(/^supervisor stopped/);

    const up = stack(under, 'up', '--infra');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/temporal\s+already running/);
    const first = pidOf('temporal');
    process.kill(first, 'SIGKILL');
    await until('temporal is back', () => isReplaced('temporal', first));
    expect(statusLine('temporal')).toMatch(/restarts 1, last gone/);
    expect(supervisorLog()).toMatch(/temporal \(pid \d+\) gone .* after it was adopted/);
  }, 120_000);

  it('is stopped by down, and nothing it stopped comes back', async () => {
    const pids = ['postgres', 'redis', 'temporal', 'openbao'].map(pidOf);
    const down = stack(under, 'down');
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/redis\s+stopped/);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const status = stack(under, 'status');
    expect(status.stdout).toMatch(/^supervisor stopped: nothing restarts a service that dies/);
    expect(status.stdout).not.toMatch(/running|restarting/);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(supervisorLog()).toContain('stopping every service (npm run down); none is restarted');
  }, 200_000);
});
