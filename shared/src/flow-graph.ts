import { z } from 'zod';

/** The `schemaVersion` this code writes. Older documents are upgraded on import (see `importFlow`). */
export const CURRENT_SCHEMA_VERSION = 2;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!isJsonValue((value as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * Plain JSON data. A direct check rather than `z.json()`, whose lazy union costs three times as
 * much per node — the difference between a 1,000-node flow validating within a frame or not.
 */
export const JsonValueSchema = z.custom<JsonValue>(isJsonValue, {
  message: 'must be plain JSON data',
});

export const PositionSchema = z.object({ x: z.number(), y: z.number() });

/** Per-node retry policy; mirrors the subset of Temporal's RetryPolicy a user can set on the canvas. */
export const RetryPolicySchema = z.object({
  maxAttempts: z.int().min(1).max(100),
  initialIntervalMs: z.int().min(0).max(86_400_000).optional(),
  backoffCoefficient: z.number().min(1).max(10).optional(),
  maxIntervalMs: z.int().min(0).max(86_400_000).optional(),
  nonRetryableErrorTypes: z.array(z.string()).optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const OnErrorSchema = z.enum(['fail', 'continue', 'route']);
/** `fail` ends the run, `continue` passes the error on as output, `route` fires the `error` port. */
export type OnError = z.infer<typeof OnErrorSchema>;

const IdSchema = z.string().min(1).max(200);

export const NodeInstanceSchema = z.object({
  id: IdSchema,
  type: z.string().min(1),
  typeVersion: z.int().min(1),
  name: z.string().min(1).max(200),
  position: PositionSchema,
  /** The loop container this node sits in; absent for top-level nodes. */
  parentId: IdSchema.optional(),
  params: z.record(z.string(), JsonValueSchema),
  connectionId: z.string().min(1).optional(),
  retry: RetryPolicySchema.optional(),
  timeoutMs: z.int().min(1).optional(),
  onError: OnErrorSchema.default('fail'),
  notes: z.string().optional(),
  disabled: z.boolean().optional(),
});
export type NodeInstance = z.infer<typeof NodeInstanceSchema>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min: number, max = Infinity): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const ON_ERROR = new Set<unknown>(['fail', 'continue', 'route']);

/**
 * `NodeInstanceSchema.safeParse`, with the well-formed common case checked directly: node parsing
 * dominated validation of large flows. The direct check accepts a subset of what the schema
 * accepts (anything unusual, such as a retry policy, goes through zod), and a test holds the two
 * to the same answers.
 */
export function parseNodeInstance(raw: unknown): ReturnType<typeof NodeInstanceSchema.safeParse> {
  if (
    isObject(raw) &&
    isText(raw.id, 1, 200) &&
    isText(raw.type, 1) &&
    isCount(raw.typeVersion) &&
    isText(raw.name, 1, 200) &&
    isObject(raw.position) &&
    typeof raw.position.x === 'number' &&
    Number.isFinite(raw.position.x) &&
    typeof raw.position.y === 'number' &&
    Number.isFinite(raw.position.y) &&
    (raw.parentId === undefined || isText(raw.parentId, 1, 200)) &&
    isObject(raw.params) &&
    isJsonValue(raw.params) &&
    (raw.connectionId === undefined || isText(raw.connectionId, 1)) &&
    raw.retry === undefined &&
    (raw.timeoutMs === undefined || isCount(raw.timeoutMs)) &&
    (raw.onError === undefined || ON_ERROR.has(raw.onError)) &&
    (raw.notes === undefined || typeof raw.notes === 'string') &&
    (raw.disabled === undefined || typeof raw.disabled === 'boolean')
  ) {
    const node: NodeInstance = {
      id: raw.id,
      type: raw.type,
      typeVersion: raw.typeVersion,
      name: raw.name,
      position: { x: raw.position.x, y: raw.position.y },
      params: raw.params as JsonObject,
      onError: (raw.onError as OnError | undefined) ?? 'fail',
    };
    if (raw.parentId !== undefined) node.parentId = raw.parentId;
    if (raw.connectionId !== undefined) node.connectionId = raw.connectionId;
    if (raw.timeoutMs !== undefined) node.timeoutMs = raw.timeoutMs;
    if (raw.notes !== undefined) node.notes = raw.notes;
    if (raw.disabled !== undefined) node.disabled = raw.disabled;
    return { success: true, data: node };
  }
  return NodeInstanceSchema.safeParse(raw);
}

export const EdgeSchema = z.object({
  id: IdSchema,
  source: IdSchema,
  sourceOutput: z.string().min(1),
  target: IdSchema,
  targetInput: z.string().min(1),
});
export type Edge = z.infer<typeof EdgeSchema>;

export const FlowSettingsSchema = z.object({
  /** Flow variables, read by expressions as `$vars.<name>`. */
  variables: z.record(z.string(), JsonValueSchema).default({}),
  timezone: z.string().optional(),
  /** A flow run when this flow fails. */
  errorFlowId: z.string().optional(),
  /** Upper bound for a whole run. */
  timeoutMs: z.int().min(1).optional(),
});
export type FlowSettings = z.infer<typeof FlowSettingsSchema>;

/**
 * A sticky note on the canvas. It documents the flow for people and takes no part in a run: the
 * validator and the compiler never read notes, so they change neither a definition nor its hash.
 */
export const StickyNoteSchema = z.object({
  id: IdSchema,
  text: z.string().max(10_000),
  position: PositionSchema,
  size: z.object({ width: z.number().positive(), height: z.number().positive() }),
});
export type StickyNote = z.infer<typeof StickyNoteSchema>;

export const FlowGraphSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  nodes: z.array(NodeInstanceSchema),
  edges: z.array(EdgeSchema),
  settings: FlowSettingsSchema.default({ variables: {} }),
  notes: z.array(StickyNoteSchema).max(1000).optional(),
});
export type FlowGraph = z.infer<typeof FlowGraphSchema>;
/** What a caller may write: defaults (`onError`, `settings`) may be left out. */
export type FlowGraphInput = z.input<typeof FlowGraphSchema>;
