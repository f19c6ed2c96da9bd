import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import {
  defineNode,
  describeNodeType,
  nodeTypeFromDescription,
  paramsJsonSchema,
  type NodeTypeDescription,
} from '../src/index.js';

// A node type crosses the API as JSON (catalog.list) and is rebuilt in the editor.
const loop = defineNode({
  type: 'acme.each_line',
  version: 2,
  kind: 'control',
  title: 'Each line',
  description: 'Runs its body once per line.',
  category: 'Demo',
  icon: 'repeat',
  params: z.object({
    items: z.string().min(1).meta({ title: 'Lines' }),
    owners: z.array(z.string()).default([]).meta({ widget: 'members' }),
  }),
  inputs: [{ name: 'main', multiple: true }],
  outputs: [
    { name: 'body', schema: z.unknown() },
    { name: 'done', title: 'Done', schema: z.object({ count: z.number() }) },
  ],
  container: { bodyOutput: 'body', concurrency: () => 4 },
  join: { mode: () => 'first' },
  evaluate: ({ input }) => ({ outputs: { done: input } }),
});

describe('a node type on the wire', () => {
  test('is plain JSON, without the functions only a worker runs', () => {
    const described = describeNodeType(loop);
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described).toMatchObject({
      key: 'acme.each_line@2',
      container: { bodyOutput: 'body' },
      triggers: null,
      outputs: [{ name: 'body', title: 'body' }, { name: 'done', title: 'Done' }],
    });
  });

  test('rebuilt, it checks params and keeps the form hints its schema carries', () => {
    const rebuilt = nodeTypeFromDescription(describeNodeType(loop));
    expect(rebuilt.evaluate).toBeUndefined();
    expect(rebuilt.container).toEqual({ bodyOutput: 'body' });
    expect(paramsJsonSchema(rebuilt)).toEqual(paramsJsonSchema(loop));
    expect(rebuilt.params.safeParse({ items: '' }).success).toBe(false);
    expect(rebuilt.params.parse({ items: 'a' })).toEqual({ items: 'a', owners: [] });
  });

  test('refuses a description whose key is not its type and version', () => {
    const described: NodeTypeDescription = { ...describeNodeType(loop), version: 3 };
    expect(() => nodeTypeFromDescription(described)).toThrow(/does not match/);
  });
});
