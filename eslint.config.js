// One lint configuration for every workspace; formatting is prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { boundaries } from './scripts/lint/boundaries.js';

// The dependency graph the README draws: what each workspace's shipped code (src/, tests aside)
// may import. Tests, benches and scripts may import any workspace through its package exports,
// once declared in their package.json; nothing imports the editor.
const production = {
  shared: [],
  nodes: ['@bizosaas/shared'],
  runtime: [
    '@bizosaas/shared',
    '@bizosaas/shared/config',
    '@bizosaas/nodes',
    '@bizosaas/nodes/executors',
    '@bizosaas/nodes/models', // agents' chat models: Node-only, and heavy, so not in executors
  ],
  server: [
    '@bizosaas/shared',
    '@bizosaas/shared/config',
    '@bizosaas/nodes',
    '@bizosaas/nodes/executors',
    '@bizosaas/runtime', // the client entry: the worker entry is the worker process's own
  ],
  editor: [
    '@bizosaas/shared',
    '@bizosaas/nodes',
    { entry: '@bizosaas/server/router', typeOnly: true },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '**/.turbo/**',
      // Files that break a boundary on purpose; scripts/test/boundaries.test.ts lints each.
      'scripts/test/fixtures/boundaries/**',
      // Generated from the jsonata package (shared/test/expressions-jsonata.ts).
      'shared/src/expressions-jsonata.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  // The editor's React code: hooks rules catch stale closures and conditional hooks.
  { files: ['editor/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { bizosaas: { rules: { boundaries } } },
    rules: {
      'bizosaas/boundaries': ['error', { production, neverImported: ['@bizosaas/editor'] }],
    },
  },
);
