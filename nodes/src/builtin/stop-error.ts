import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';
import {
  FlowErrorCodeSchema,
  NodeError,
  NodeErrorCode,
  type FlowErrorCode,
} from '../node-error.js';

export const stopErrorNode = defineNode({
  type: 'core.stop_error',
  version: 1,
  kind: 'control',
  title: 'Stop with error',
  description:
    'Fails the run with a message of your choosing (or routes it, per the node’s on-error).',
  category: 'Logic',
  icon: 'octagon',
  params: z.object({
    message: z.string().min(1).max(1_000),
    code: FlowErrorCodeSchema.default(NodeErrorCode.STOPPED as FlowErrorCode),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.never() }],
  evaluate: ({ params }) => {
    throw new NodeError(params.code, params.message);
  },
});
