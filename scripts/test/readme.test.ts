// The README stays true: its permission table is the code's, and every setting is documented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '@bizosaas/shared/config';
import { ROOT } from '../stack/stack-env.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README.md', () => {
  it('shows the permission matrix exactly as server/PERMISSIONS.md (generated from the code)', () => {
    const generated = readFileSync(join(ROOT, 'server/PERMISSIONS.md'), 'utf8');
    const rows = (text: string) => text.split('\n').filter((line) => line.startsWith('|'));
    const block = /<!-- permissions:start -->([\s\S]*)<!-- permissions:end -->/.exec(readme)?.[1] ?? '';
    expect(rows(block)).toEqual(rows(generated));
  });

  it('documents every configuration variable', () => {
    const undocumented = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm run up');
    expect(readme).toContain('npm test');
  });
});
