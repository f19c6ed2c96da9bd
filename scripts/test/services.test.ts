// Each real service of the test stack answers from Node the way the application will use it.
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import vault from 'node-vault';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import { runGreeting, workflowResult } from './temporal-worker.js';

const config = readConfig(process.env);

describe('the test stack', () => {
  it('PostgreSQL: a row written in a transaction reads back', async () => {
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE probe (id uuid PRIMARY KEY, note text) ON COMMIT DROP');
      const id = randomUUID();
      await client.query('INSERT INTO probe VALUES ($1, $2)', [id, 'round trip']);
      const { rows } = await client.query('SELECT note FROM probe WHERE id = $1', [id]);
      await client.query('COMMIT');
      expect(rows).toEqual([{ note: 'round trip' }]);
      const { rows: who } = await client.query('SELECT current_user, current_database()');
      expect(who[0]).toEqual({ current_user: 'bizosaas', current_database: 'bizosaas_test' });
    } finally {
      await client.end();
    }
  });

  it('Redis: a BullMQ job is processed by a worker and its result comes back', async () => {
    const connection = { url: config.REDIS_URL, maxRetriesPerRequest: null };
    const name = `stack-test-${randomUUID()}`;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    const worker = new Worker(name, async (job) => ({ doubled: job.data.n * 2 }), { connection });
    try {
      await events.waitUntilReady();
      const job = await queue.add('double', { n: 21 });
      await expect(job.waitUntilFinished(events, 10_000)).resolves.toEqual({ doubled: 42 });
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('Temporal: a workflow runs to completion on a worker against the dev server', async () => {
    const workflowId = `stack-test-${randomUUID()}`;
    await expect(runGreeting(config.TEMPORAL_ADDRESS, workflowId, 'temporal')).resolves.toBe(
      'hello temporal!',
    );
    await expect(workflowResult(config.TEMPORAL_ADDRESS, workflowId)).resolves.toBe(
      'hello temporal!',
    );
  });

  it('OpenBao: a KV v2 secret written through node-vault reads back, versioned', async () => {
    const client = vault({
      endpoint: config.VAULT_ADDR,
      token: config.VAULT_TOKEN,
      apiVersion: 'v1',
    });
    const path = `${config.VAULT_KV_MOUNT}/data/stack-test/${randomUUID()}`;
    await client.write(path, { data: { apiKey: 'first' } });
    const written = await client.write(path, { data: { apiKey: 'second' } });
    expect(written.data.version).toBe(2);
    const read = await client.read(path);
    expect(read.data.data).toEqual({ apiKey: 'second' });
  });
});
