// The server serves the built editor; `up` builds it when it is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './processes.js';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestMtime(join(path, entry))),
  );
}

export function ensureEditorBuilt(root: string): void {
  const editor = join(root, 'editor');
  const built = join(editor, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json']
    .map((entry) => join(editor, entry))
    .filter(existsSync);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('    building the editor (vite build)…');
  const result = spawnSync('npm', ['run', 'build', '--workspace', '@bizosaas/editor'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0)
    throw new StackError('building the editor failed', 'see the output above');
}
