import { defineProject } from 'vitest/config';

// Integration tests talk to the real test stack that `npm test` starts (BIZOSAAS_PROFILE=test).
export default defineProject({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    env: { BIZOSAAS_PROFILE: 'test' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
