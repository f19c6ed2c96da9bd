import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

const UNIT_MS = { ms: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

export const delayNode = defineNode({
  type: 'core.delay',
  version: 1,
  kind: 'control',
  title: 'Delay',
  description: 'Waits on a durable timer (it survives worker restarts), then passes its input on.',
  category: 'Logic',
  icon: 'hourglass',
  params: z.object({
    amount: z.number().min(0),
    unit: z.enum(['ms', 'seconds', 'minutes', 'hours', 'days']).default('seconds'),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
  evaluate: ({ params, input }) => ({
    outputs: { main: input },
    effect: { kind: 'sleep', ms: Math.round(params.amount * UNIT_MS[params.unit]) },
  }),
});
