import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const ifNode = defineNode({
  type: 'core.if',
  version: 1,
  kind: 'control',
  title: 'If',
  description: 'Sends the input to `true` or `false`; the branch not taken is skipped.',
  category: 'Logic',
  icon: 'split',
  params: z.object({ condition: z.boolean() }),
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'true', schema: z.unknown() },
    { name: 'false', schema: z.unknown() },
  ],
  evaluate: ({ params, input }) => ({ outputs: { [params.condition ? 'true' : 'false']: input } }),
});
