import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../src/node-type.js';
import { checkParams, paramIssueText } from '../src/param-issues.js';
import { NodeCatalog } from '../src/catalog.js';
import { validate } from '../src/validate.js';

// The messages a builder reads in the problems panel, under a field and in a refused publish:
// the field's label and a sentence, never zod's "path: Invalid input: expected string".
const request = defineNode({
  type: 'test.request',
  version: 1,
  kind: 'action',
  title: 'HTTP request',
  description: 'Calls an API',
  category: 'Test',
  icon: 'globe',
  params: z.object({
    url: z.string().min(1).meta({ title: 'URL' }),
    method: z.enum(['GET', 'POST']).default('GET'),
    timeoutMs: z.int().min(1).max(300_000).default(30_000),
    headers: z.record(z.string(), z.string()).default({}),
    body: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('none') }),
        z.object({ type: z.literal('raw'), raw: z.string() }),
      ])
      .default({ type: 'none' }),
    cases: z.array(z.object({ value: z.string().min(1) })).default([]),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
});
const trigger = defineNode({
  type: 'test.trigger',
  version: 1,
  kind: 'trigger',
  title: 'Start',
  description: 'Starts',
  category: 'Test',
  icon: 'play',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'main', schema: z.unknown() }],
});

const texts = (params: unknown) => {
  const checked = checkParams(request, params);
  return checked.success ? [] : checked.issues.map((i) => paramIssueText('Fetch order', i));
};

describe('param problems in a user’s words', () => {
  it('names a missing or empty field by its label: "URL is required"', () => {
    expect(texts({})).toEqual(['Fetch order › URL is required']);
    expect(texts({ url: '' })).toEqual(['Fetch order › URL is required']);
  });

  it('says what a value must be, with the inspector’s labels for fields without a title', () => {
    expect(
      texts({
        url: 'https://example.com',
        method: 'PUT',
        timeoutMs: 0,
        headers: { 'X-Key': 1 },
        body: { type: 'raw' },
        cases: [{ value: 'a' }, { value: '' }],
      }),
    ).toEqual([
      'Fetch order › Method must be one of: GET, POST',
      'Fetch order › Timeout Ms must be at least 1',
      'Fetch order › Headers › X-Key must be text',
      'Fetch order › Body › Raw is required',
      'Fetch order › Cases 2 › Value is required',
    ]);
    expect(texts({ url: 'https://example.com', body: { type: 'zip' } })).toEqual([
      'Fetch order › Body › Type must be one of: none, raw',
    ]);
  });

  it('is what validate reports for the node, located at the param', () => {
    const catalog = new NodeCatalog([request, trigger]);
    const problems = validate(
      {
        schemaVersion: 2,
        nodes: [
          {
            id: 't',
            type: 'test.trigger',
            typeVersion: 1,
            name: 'Start',
            position: { x: 0, y: 0 },
            params: {},
          },
          {
            id: 'r',
            type: 'test.request',
            typeVersion: 1,
            name: 'Fetch order',
            position: { x: 0, y: 0 },
            params: { url: '' },
          },
        ],
        edges: [{ id: 'e', source: 't', sourceOutput: 'main', target: 'r', targetInput: 'main' }],
        settings: { variables: {} },
      },
      catalog,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'BAD_PARAMS',
        nodeId: 'r',
        param: 'url',
        message: 'Fetch order › URL is required',
      }),
    ]);
  });
});
