import { expect, test } from 'vitest';
import { z } from 'zod';
import { toGrammarSchema } from '../../src/agents/local-model/grammar-schema.js';
import { readRouterAnswer, type RouterTool } from '../../src/agents/local-model/router.js';

// The grammar lets an optional property be null (it makes every listed key required), and the
// router drops those nulls before the tool sees its arguments. It looked only at an object's own
// `properties`, so an optional property of an allOf part (a schema built from several, as
// OpenAPI-derived operations are) or of a union's alternative reached the tool as null, which its
// own validation refuses. And a tuple closed by `items: false` let the model add any items after
// it, since the grammar read `false` as "any value".

const tool = (parameters: Record<string, unknown>): RouterTool[] => [
  { name: 'crm_upsert', description: 'Upsert a contact.', parameters },
];

test("an optional property of an allOf part or of a union's alternative reaches the tool absent, not null", () => {
  const allOf = {
    allOf: [
      { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
      {
        type: 'object',
        properties: { phone: { type: 'string' }, owner: { type: ['string', 'null'] } },
      },
    ],
  };
  expect(
    readRouterAnswer(
      { tool: 'crm_upsert', arguments: { email: 'jane@acme.com', phone: null, owner: null } },
      tool(allOf),
    ),
  ).toEqual({
    kind: 'call',
    name: 'crm_upsert',
    args: { email: 'jane@acme.com', owner: null },
  });

  const union = z.toJSONSchema(
    z.object({
      contact: z.union([
        z.object({ email: z.string(), name: z.string().optional() }),
        z.object({ id: z.string(), tags: z.array(z.string()).optional() }),
      ]),
    }),
  ) as Record<string, unknown>;
  const args = { contact: { email: 'jane@acme.com', name: null } };
  const answer = readRouterAnswer({ tool: 'crm_upsert', arguments: args }, tool(union));
  expect(answer).toEqual({
    kind: 'call',
    name: 'crm_upsert',
    args: { contact: { email: 'jane@acme.com' } },
  });
});

test('a tuple closed by items: false allows no item past its prefix', () => {
  expect(
    toGrammarSchema({ type: 'array', prefixItems: [{ type: 'boolean' }], items: false }),
  ).toEqual({ type: 'array', prefixItems: [{ type: 'boolean' }], maxItems: 1 });
  expect(
    toGrammarSchema({
      type: 'array',
      prefixItems: [{ type: 'boolean' }, { type: 'string' }],
      items: false,
      maxItems: 1,
    }),
  ).toEqual({ type: 'array', prefixItems: [{ type: 'boolean' }, { type: 'string' }], maxItems: 1 });
});
