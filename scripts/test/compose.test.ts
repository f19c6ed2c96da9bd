// docker-compose.yml describes the same stack for people with Docker.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPORAL_DEV_SERVER_DYNAMIC_CONFIG } from '../stack/services.js';
import { ROOT } from '../stack/stack-env.js';

const file = join(ROOT, 'docker-compose.yml');
const composeAvailable = spawnSync('docker', ['compose', 'version']).status === 0;

describe('docker-compose.yml', () => {
  it('runs postgres, redis, temporal, openbao and the app, publishing ports on loopback only', () => {
    const compose = parse(readFileSync(file, 'utf8'));
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'temporal', 'openbao', 'app', 'worker']),
    );
    for (const [name, service] of Object.entries<{ ports?: string[]; image?: string }>(
      compose.services,
    )) {
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
      if (service.image) expect(service.image, name).toMatch(/:\d[\w.-]*$/); // pinned, never :latest
    }
    expect(compose.services.temporal.command.join(' ')).toContain('--db-filename=');
    // The same queue read rates as the local stack, or a workflow task waits ~34 ms for matching.
    for (const value of TEMPORAL_DEV_SERVER_DYNAMIC_CONFIG) {
      expect(compose.services.temporal.command).toContain(`--dynamic-config-value=${value}`);
    }
    expect(compose.services.redis.command).toEqual(
      expect.arrayContaining(['--appendfsync', 'always']),
    );
  });

  it.skipIf(!composeAvailable)('passes docker compose config', () => {
    const result = spawnSync('docker', ['compose', '-f', file, 'config', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, PAYLOAD_ENCRYPTION_KEY: 'A'.repeat(43) + '=' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
