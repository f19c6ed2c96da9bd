import { defineProject } from 'vitest/config';
import { testStackEnv } from './test-env.js';

// Integration tests talk to the real test stack that `npm test` starts.
export default defineProject({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    env: testStackEnv(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
