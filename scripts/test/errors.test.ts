// When something is missing or in the way, `up` names it and says what to do: no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../stack/stack-env.js';
import { isolatedStack, stack } from './stack-cli.js';

describe('up explains what stops it', () => {
  const cleanup: Array<() => void> = [];
  afterAll(() => cleanup.forEach((step) => step()));

  it('names the service whose port is taken, and by whom', async () => {
    const under = isolatedStack('port-taken-stack', 54500);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(under.addresses.postgres, '127.0.0.1', resolve),
    );
    cleanup.push(() => blocker.close());

    const result = stack(under, 'up', '--infra');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `port ${under.addresses.postgres}, which postgres needs, is taken by node`,
    );
    expect(result.stderr).toContain('stop that process, or give postgres another port');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says python3 is missing and how to install it', () => {
    // A PATH with the shell tools the installer uses, and no python3.
    const bin = mkdtempSync(join(tmpdir(), 'no-python-'));
    cleanup.push(() => rmSync(bin, { recursive: true, force: true }));
    for (const tool of ['bash', 'dirname', 'id', 'ls', 'sort', 'tail', 'mkdir', 'printf']) {
      const found = spawnSync('bash', ['-c', `command -v ${tool}`], {
        encoding: 'utf8',
      }).stdout.trim();
      if (found.startsWith('/')) symlinkSync(found, join(bin, tool));
    }
    const result = spawnSync(
      join(bin, 'bash'),
      ['-c', 'source scripts/lib/bootstrap.sh; ensure_python_tools'],
      { cwd: ROOT, env: { PATH: bin }, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('python3 is missing');
    expect(result.stderr).toContain('apt-get install python3 python3-venv');
  });

  it('refuses a bad setting by naming the variable, without echoing its value', () => {
    const under = isolatedStack('bad-config-stack', 54600);
    const result = stack(
      { ...under, env: { ...under.env, REDIS_URL: 'hunter2-not-a-url' } },
      'status',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REDIS_URL: must be a URL starting with redis:// or rediss://');
    expect(result.stderr).not.toContain('hunter2');
  });
});
