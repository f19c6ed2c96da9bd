import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const MAX_LOOP_CONCURRENCY = 50;

export const forEachNode = defineNode({
  type: 'core.for_each',
  version: 1,
  kind: 'control',
  title: 'For each',
  description:
    'Runs the nodes inside it once per item (`$item`, `$index`), at most `concurrency` at a time; `done` carries each iteration’s result, in item order.',
  category: 'Logic',
  icon: 'repeat',
  params: z.object({
    items: z.array(z.json()),
    concurrency: z.int().min(1).max(MAX_LOOP_CONCURRENCY).default(1),
  }),
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'body', schema: z.unknown() },
    { name: 'done', schema: z.array(z.unknown()) },
  ],
  container: { bodyOutput: 'body', concurrency: (params) => params.concurrency },
  evaluate: ({ params }) => ({ outputs: { body: params.items } }),
});
