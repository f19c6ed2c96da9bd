import { defineConfig } from 'vitest/config';

// One vitest run over every workspace, so `npm test` sums one set of real results.
export default defineConfig({
  test: {
    projects: ['shared', 'nodes', 'runtime', 'server', 'editor', 'scripts'],
  },
});
