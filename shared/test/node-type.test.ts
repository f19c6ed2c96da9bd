import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import {
  defineNode,
  NodeCatalog,
  outputJsonSchema,
  paramsJsonSchema,
  schemaHasPath,
  type NodeTypeSpec,
} from '../src/index.js';
import { catalog, httpNode, ifNode, mergeNode, webhookTrigger } from './fixtures/catalog.js';

const base: NodeTypeSpec<z.ZodObject<{ name: z.ZodString }>> = {
  type: 'acme.greet',
  version: 1,
  kind: 'action',
  title: 'Greet',
  description: 'Says hello.',
  category: 'Demo',
  icon: 'hand',
  params: z.object({ name: z.string() }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.object({ greeting: z.string() }) }],
};

describe('defineNode', () => {
  test('returns the spec with its catalog key', () => {
    expect(defineNode(base)).toMatchObject({ key: 'acme.greet@1', kind: 'action', title: 'Greet' });
  });

  test.each<[string, Partial<NodeTypeSpec<z.ZodType>>, RegExp]>([
    ['an id with capitals', { type: 'Acme.Greet' }, /snake_case/],
    ['version zero', { version: 0 }, /version/],
    ['a control node without evaluate', { kind: 'control' }, /evaluate/],
    ['an action with evaluate', { evaluate: () => ({ outputs: {} }) }, /only control/],
    ['a trigger with an input', { kind: 'trigger' }, /triggers have no inputs/],
    ['an action without inputs', { inputs: [] }, /need an input/],
    ['no outputs', { outputs: [] }, /at least one output/],
    [
      'two outputs with one name',
      {
        outputs: [
          { name: 'a', schema: z.unknown() },
          { name: 'a', schema: z.unknown() },
        ],
      },
      /unique/,
    ],
    ['an output named error', { outputs: [{ name: 'error', schema: z.unknown() }] }, /reserved/],
    ['a join without a multiple input', { join: { mode: () => 'all' } }, /multiple input/],
    ['a container that is not control', { container: { bodyOutput: 'main' } }, /only control/],
  ])('rejects %s', (_story, change, message) => {
    expect(() => defineNode({ ...base, ...change } as NodeTypeSpec<z.ZodType>)).toThrow(message);
  });

  test("a control node's evaluate is the pure function the runtime calls", () => {
    expect(ifNode.evaluate?.({ params: { condition: false }, input: { a: 1 } })).toEqual({
      outputs: { false: { a: 1 } },
    });
    expect(mergeNode.join?.mode({ mode: 'first' })).toBe('first');
  });
});

describe('NodeCatalog', () => {
  test('finds types by type and version, and knows the latest', () => {
    expect(catalog.get('core.http_request', 1)).toBe(httpNode);
    expect(catalog.get('core.http_request', 3)).toBeUndefined();
    expect(catalog.latest('core.http_request')?.version).toBe(2);
    expect(catalog.versionsOf('core.http_request')).toEqual([1, 2]);
    expect(catalog.hasType('core.nothing')).toBe(false);
  });

  test('refuses to register the same type and version twice', () => {
    expect(() => new NodeCatalog([httpNode, httpNode])).toThrow(/already registered/);
  });

  test('lists types in a stable order', () => {
    const keys = catalog.list().map((t) => t.key);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('JSON Schema for the editor', () => {
  test('param schemas become JSON Schema forms, with defaults marked optional on input', () => {
    const schema = paramsJsonSchema(httpNode);
    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        url: { type: 'string', format: 'uri' },
        method: { enum: ['GET', 'POST'], default: 'GET' },
      },
      required: ['url'],
    });
  });

  test('output schemas drive autocomplete and field checks', () => {
    const out = outputJsonSchema(webhookTrigger, 'main');
    expect(schemaHasPath(out, ['body', 'email'])).toBe(true);
    expect(schemaHasPath(out, ['body', 'tags', 'label'])).toBe(true);
    expect(schemaHasPath(out, ['headers', 'anything'])).toBe(true);
    expect(schemaHasPath(out, ['body', 'mail'])).toBe(false);
    expect(schemaHasPath(out, ['body', 'email', 'deeper'])).toBe(false);
    expect(outputJsonSchema(webhookTrigger, 'nope')).toBeUndefined();
  });
});
