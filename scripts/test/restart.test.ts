// `down` then `up` loses nothing: a secret and a finished workflow are still there afterwards.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Agent } from 'node:http';
import vault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedStack, stack, vaultToken } from './stack-cli.js';
import { runGreeting, workflowResult } from './temporal-worker.js';

const under = isolatedStack('restart-stack', 54400);

describe('a stack restarted with down and up', () => {
  beforeAll(() => {
    stack(under, 'down');
    rmSync(under.dataDir, { recursive: true, force: true });
  });
  afterAll(() => {
    stack(under, 'down');
  });

  it('keeps its secrets and its workflow history, and a second up is harmless', async () => {
    const first = stack(under, 'up', '--infra');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/openbao\s+started/);

    const again = stack(under, 'up', '--infra');
    expect(again.code).toBe(0);
    for (const service of ['postgres', 'redis', 'temporal', 'openbao']) {
      expect(again.stdout).toMatch(new RegExp(`${service}\\s+already running`));
    }

    const secretPath = `secret/data/restart/${randomUUID()}`;
    // No pooled keep-alive socket may outlive the OpenBao process it was opened to.
    const client = () =>
      vault({
        endpoint: under.addresses.vault,
        token: vaultToken(under),
        requestOptions: { httpAgent: new Agent({ keepAlive: false }) },
      });
    await client().write(secretPath, { data: { password: 'kept' } });
    const workflowId = `restart-${randomUUID()}`;
    await expect(runGreeting(under.addresses.temporal, workflowId, 'before')).resolves.toBe(
      'hello before!',
    );

    const down = stack(under, 'down');
    expect(down.code).toBe(0);
    const status = stack(under, 'status');
    expect(status.code).not.toBe(0);
    expect(status.stdout).not.toMatch(/running/);

    const up = stack(under, 'up', '--infra');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect((await client().read(secretPath)).data.data).toEqual({ password: 'kept' });
    await expect(workflowResult(under.addresses.temporal, workflowId)).resolves.toBe(
      'hello before!',
    );
  }, 300_000);
});
