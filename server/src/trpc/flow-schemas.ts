// The flow graph as procedures accept it: shared's schema with every object made strict, so a
// stray key anywhere in a saved graph is refused rather than dropped or stored.
import { z } from 'zod';
import {
  EdgeSchema,
  FlowGraphSchema,
  FlowSettingsSchema,
  NodeInstanceSchema,
  RetryPolicySchema,
  PositionSchema,
} from '@bizosaas/shared';

export const StrictNodeSchema = z.strictObject({
  ...NodeInstanceSchema.shape,
  position: PositionSchema.strict(),
  retry: RetryPolicySchema.strict().optional(),
});

export const StrictFlowGraphSchema = z.strictObject({
  ...FlowGraphSchema.shape,
  nodes: z.array(StrictNodeSchema).max(5000),
  edges: z.array(EdgeSchema.strict()).max(20000),
  settings: FlowSettingsSchema.strict().default({ variables: {} }),
});

export const EMPTY_GRAPH = {
  schemaVersion: 2 as const,
  nodes: [],
  edges: [],
  settings: { variables: {} },
};
