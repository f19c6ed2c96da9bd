// /healthz: one line per dependency, so an operator sees at once which one is down.
import { Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '@bizosaas/shared/config';

export interface DependencyHealth {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface HealthReport {
  ok: boolean;
  dependencies: Record<string, DependencyHealth>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the message: connection errors name host and port, never credentials.
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

export function healthChecks(deps: { config: Config; orm: MikroORM; redis: Redis }) {
  const { config, orm, redis } = deps;
  let temporal: Connection | undefined;
  const checks: Record<string, () => Promise<unknown>> = {
    postgres: () => orm.em.getConnection().execute('SELECT 1'),
    redis: () => redis.ping(),
    temporal: async () => {
      temporal ??= await Connection.connect({
        address: config.TEMPORAL_ADDRESS,
        connectTimeout: CHECK_TIMEOUT_MS,
      });
      await temporal.workflowService.getSystemInfo({});
    },
    openbao: async () => {
      const response = await fetch(new URL('/v1/sys/health', config.VAULT_ADDR));
      const body = (await response.json()) as { sealed?: boolean; initialized?: boolean };
      if (!body.initialized) throw new Error('not initialised');
      if (body.sealed) throw new Error('sealed');
    },
  };
  return async function check(): Promise<HealthReport> {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => timed(checks[name]!)));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    return { ok: results.every((result) => result.ok), dependencies };
  };
}
