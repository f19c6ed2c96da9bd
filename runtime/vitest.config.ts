import { defineProject } from 'vitest/config';
import { testStackEnv } from '../scripts/test-env.js';

// Integration tests talk to the real test stack that `npm test` starts.
export default defineProject({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    env: testStackEnv(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
