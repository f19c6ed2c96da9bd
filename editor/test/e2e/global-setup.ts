import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    editorUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the editor as production ships it and serves `dist/` on a free port, so the browser tests
 * exercise the real bundle (lazy chunks, service worker) rather than the dev server.
 */
export default async function setup(project: TestProject) {
  await build({ root, logLevel: 'warn' });
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string')
    throw new Error('the preview server has no port');
  project.provide('editorUrl', `http://127.0.0.1:${address.port}`);
  return async () => {
    await server.close();
  };
}
