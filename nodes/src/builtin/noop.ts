import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const noopNode = defineNode({
  type: 'core.noop',
  version: 1,
  kind: 'control',
  title: 'No-op',
  description: 'Passes its input on unchanged: a named waypoint on the canvas.',
  category: 'Logic',
  icon: 'circle',
  params: z.object({}),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
  evaluate: ({ input }) => ({ outputs: { main: input } }),
});
