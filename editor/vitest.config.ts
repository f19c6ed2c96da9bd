import { defineProject } from 'vitest/config';

// Unit tests of the pure canvas core run in node; `test/e2e` drives the built editor in Debian's
// Chromium through playwright-core, against a static server that the global setup starts.
export default defineProject({
  test: {
    name: 'editor',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
