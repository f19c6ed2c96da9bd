import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const setNode = defineNode({
  type: 'core.set',
  version: 1,
  kind: 'control',
  title: 'Set',
  description:
    'Builds an object from values and JSONata expressions (`{{ $trigger.items.{"sku": id} }}`), optionally on top of its input.',
  category: 'Data',
  icon: 'pencil',
  params: z.object({
    values: z.record(z.string(), z.json()).default({}),
    keepInput: z.boolean().default(false),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.record(z.string(), z.unknown()) }],
  evaluate: ({ params, input }) => {
    const base = params.keepInput && isObject(input) ? input : {};
    return { outputs: { main: { ...base, ...params.values } } };
  },
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
