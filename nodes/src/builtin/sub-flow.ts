import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const subFlowNode = defineNode({
  type: 'core.sub_flow',
  version: 1,
  kind: 'control',
  title: 'Sub-flow',
  description:
    'Runs another published flow of this tenant as a child run. With `wait`, its result is this node’s output; otherwise the child runs on its own.',
  category: 'Logic',
  icon: 'layers',
  params: z.object({
    flowId: z.string().min(1),
    /** The child's trigger payload; when left out, this node's input. */
    input: z.json().optional(),
    wait: z.boolean().default(true),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
  evaluate: ({ params, input }) => ({
    outputs: { main: input },
    effect: {
      kind: 'sub_flow',
      flowId: params.flowId,
      input: params.input ?? input,
      wait: params.wait,
    },
  }),
});
