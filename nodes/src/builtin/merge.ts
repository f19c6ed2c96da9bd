import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const mergeNode = defineNode({
  type: 'core.merge',
  version: 1,
  kind: 'control',
  title: 'Merge',
  description:
    'Joins branches. `all` waits for every branch still live (skipped branches do not count); `first` continues with whichever arrives first.',
  category: 'Logic',
  icon: 'merge',
  params: z.object({ mode: z.enum(['all', 'first']).default('all') }),
  inputs: [{ name: 'main', multiple: true }],
  outputs: [{ name: 'main', schema: z.array(z.unknown()) }],
  join: { mode: (params) => params.mode },
  evaluate: ({ input }) => ({ outputs: { main: input } }),
});
