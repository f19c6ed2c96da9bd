// The environment integration tests run in: the test profile plus the secrets its stack generated.
import { join } from 'node:path';
import { readStackEnv, ROOT } from './stack/stack-env.js';

export function testStackEnv(): Record<string, string> {
  return { BIZOSAAS_PROFILE: 'test', ...readStackEnv(join(ROOT, '.data/test')) };
}
