import { z } from 'zod';
import { canonicalJson, defineNode } from '@bizosaas/shared';

/** Ports are declared up front so the canvas can draw them; a switch offers this many cases. */
export const SWITCH_CASES = 5;

export const switchNode = defineNode({
  type: 'core.switch',
  version: 1,
  kind: 'control',
  title: 'Switch',
  description: 'Sends the input to the first case equal to the value, else to `fallback`.',
  category: 'Logic',
  icon: 'switch',
  params: z.object({
    value: z.json(),
    cases: z.array(z.json()).min(1).max(SWITCH_CASES),
  }),
  inputs: [{ name: 'main' }],
  outputs: [
    ...Array.from({ length: SWITCH_CASES }, (_, i) => ({
      name: `case_${i + 1}`,
      schema: z.unknown(),
    })),
    { name: 'fallback', schema: z.unknown() },
  ],
  evaluate: ({ params, input }) => {
    // Canonical JSON makes `{a:1,b:2}` equal `{b:2,a:1}`, as a user comparing objects expects.
    const value = canonicalJson(params.value);
    const index = params.cases.findIndex((c) => canonicalJson(c) === value);
    return { outputs: { [index < 0 ? 'fallback' : `case_${index + 1}`]: input } };
  },
});
