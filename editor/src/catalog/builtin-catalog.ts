import { z } from 'zod';
import { defineNode, NodeCatalog } from '@bizosaas/shared';

/*
 * The built-in node declarations the editor offers. They mirror `nodes/src/builtin/*` until the
 * nodes workspace exports a browser-safe catalog entry (its index pulls in the Node-only HTTP
 * client); the declarations only need zod and shared, so the swap is one import.
 */

const manualTrigger = defineNode({
  type: 'core.manual_trigger',
  version: 1,
  kind: 'trigger',
  title: 'Manual trigger',
  description: 'Starts the flow from the editor or the API with a JSON payload.',
  category: 'Triggers',
  icon: 'play',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'main', schema: z.unknown() }],
});

const webhookTrigger = defineNode({
  type: 'core.webhook_trigger',
  version: 1,
  kind: 'trigger',
  title: 'Webhook',
  description: 'Starts the flow when an HTTP request reaches /hooks/<tenant>/<path>.',
  category: 'Triggers',
  icon: 'webhook',
  params: z.object({
    path: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'lowercase letters, digits, - and _'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    auth: z.enum(['secret_header', 'hmac_sha256']).default('secret_header'),
  }),
  inputs: [],
  outputs: [
    {
      name: 'main',
      schema: z.object({
        method: z.string(),
        headers: z.record(z.string(), z.string()),
        query: z.record(z.string(), z.string()),
        body: z.unknown(),
      }),
    },
  ],
});

const setNode = defineNode({
  type: 'core.set',
  version: 1,
  kind: 'control',
  title: 'Set',
  description:
    'Builds an object from values and JSONata expressions, optionally on top of its input.',
  category: 'Data',
  icon: 'pencil',
  params: z.object({
    values: z.record(z.string(), z.json()).default({}),
    keepInput: z.boolean().default(false),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.record(z.string(), z.unknown()) }],
  evaluate: ({ params }) => ({ outputs: { main: params.values } }),
});

const ifNode = defineNode({
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

const mergeNode = defineNode({
  type: 'core.merge',
  version: 1,
  kind: 'control',
  title: 'Merge',
  description: 'Joins branches: waits for every live branch, or continues with the first.',
  category: 'Logic',
  icon: 'merge',
  params: z.object({ mode: z.enum(['all', 'first']).default('all') }),
  inputs: [{ name: 'main', multiple: true }],
  outputs: [{ name: 'main', schema: z.array(z.unknown()) }],
  join: { mode: (params) => params.mode },
  evaluate: ({ input }) => ({ outputs: { main: input } }),
});

const delayNode = defineNode({
  type: 'core.delay',
  version: 1,
  kind: 'control',
  title: 'Delay',
  description: 'Waits on a durable timer, then passes its input on.',
  category: 'Logic',
  icon: 'clock',
  params: z.object({ ms: z.int().min(0).max(31_536_000_000) }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
  evaluate: ({ params, input }) => ({
    outputs: { main: input },
    effect: { kind: 'sleep', ms: params.ms },
  }),
});

const forEachNode = defineNode({
  type: 'core.for_each',
  version: 1,
  kind: 'control',
  title: 'For each',
  description: 'Runs its body once per element of a list; `done` continues after the loop.',
  category: 'Logic',
  icon: 'repeat',
  params: z.object({ items: z.array(z.json()), concurrency: z.int().min(1).max(50).default(1) }),
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'body', schema: z.unknown() },
    { name: 'done', schema: z.array(z.unknown()) },
  ],
  container: { bodyOutput: 'body', concurrency: (params) => params.concurrency },
  evaluate: ({ params }) => ({ outputs: { body: params.items, done: params.items } }),
});

const httpRequestNode = defineNode({
  type: 'core.http_request',
  version: 1,
  kind: 'action',
  title: 'HTTP request',
  description:
    'Calls any HTTP API. Internal and cloud-metadata addresses are refused unless allowed.',
  category: 'Connectors',
  icon: 'globe',
  params: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).default({}),
    query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    body: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('none') }),
        z.object({ type: z.literal('json'), json: z.json() }),
        z.object({
          type: z.literal('raw'),
          raw: z.string(),
          contentType: z.string().default('text/plain'),
        }),
      ])
      .default({ type: 'none' }),
    timeoutMs: z.int().min(1).max(300_000).default(30_000),
    response: z.enum(['auto', 'json', 'text']).default('auto'),
    failOnHttpError: z.boolean().default(true),
  }),
  inputs: [{ name: 'main' }],
  outputs: [
    {
      name: 'main',
      schema: z.object({
        status: z.int(),
        headers: z.record(z.string(), z.string()),
        body: z.unknown(),
      }),
    },
  ],
  connectionType: 'http_auth',
  connectionOptional: true,
});

const approvalNode = defineNode({
  type: 'core.approval',
  version: 1,
  kind: 'human',
  title: 'Approval',
  description:
    'Asks an approver to approve or reject in the inbox; routes on the decision or on timeout.',
  category: 'Human',
  icon: 'check',
  params: z.object({
    title: z.string().min(1),
    context: z.string().default(''),
    assigneeRole: z.enum(['owner', 'admin', 'approver']).default('approver'),
    timeoutMs: z.int().min(60_000).optional(),
  }),
  inputs: [{ name: 'main' }],
  outputs: [
    {
      name: 'approved',
      schema: z.object({
        decidedBy: z.string(),
        comment: z.string().optional(),
        input: z.unknown(),
      }),
    },
    {
      name: 'rejected',
      schema: z.object({
        decidedBy: z.string(),
        comment: z.string().optional(),
        input: z.unknown(),
      }),
    },
    { name: 'timeout', schema: z.object({ input: z.unknown() }) },
  ],
});

export const builtinCatalog = new NodeCatalog([
  manualTrigger,
  webhookTrigger,
  setNode,
  ifNode,
  mergeNode,
  delayNode,
  forEachNode,
  httpRequestNode,
  approvalNode,
]);
