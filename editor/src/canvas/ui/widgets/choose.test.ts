// Which widget edits a param: the inspector's form is generated from the params JSON Schema, so a
// change to this choice changes every node's form at once.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramsJsonSchema, type JsonSchema, type JsonValue } from '@bizosaas/shared';
import { builtinCatalog } from '@bizosaas/nodes';
import { chooseWidget, type Offered } from './choose';
import { asSchema } from './schema';

const everything: Offered = { members: true, vendorOptions: true };
const nothing: Offered = { members: false, vendorOptions: false };
/** The JSON Schema the form gets for a param, as paramsJsonSchema emits it for a node. */
const schemaOf = (param: z.ZodType): JsonSchema =>
  z.toJSONSchema(param, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const choose = (param: z.ZodType, value?: JsonValue, offered = everything) =>
  chooseWidget(schemaOf(param), value, offered);

describe('chooseWidget', () => {
  it.each([
    ['a string', z.string(), 'expression'],
    ['an optional string', z.string().optional(), 'expression'],
    ['an enum', z.enum(['GET', 'POST']), 'enum'],
    ['a number', z.number(), 'number'],
    ['an integer', z.int(), 'number'],
    ['a boolean', z.boolean(), 'boolean'],
    ['an object', z.object({ to: z.string() }), 'object'],
    ['a record', z.record(z.string(), z.string()), 'key-values'],
    ['a list', z.array(z.string()), 'array'],
    ['any value', z.unknown(), 'any-json'],
    ['a value of several types', z.union([z.string(), z.number()]), 'any-json'],
    [
      'a discriminated union',
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), x: z.string() }),
        z.object({ kind: z.literal('b'), y: z.number() }),
      ]),
      'union',
    ],
  ] as const)('edits %s with the %s widget', (_, param, widget) => {
    expect(choose(param)).toBe(widget);
  });

  it('edits a union without a tag as text, and a value in it that is not text as JSON', () => {
    const untagged = z.union([z.string(), z.object({ a: z.string() })]);
    expect(choose(untagged)).toBe('expression');
    expect(choose(untagged, 'ok')).toBe('expression');
    expect(choose(untagged, { a: 'ok' })).toBe('json');
    expect(choose(z.json(), [1, 2])).toBe('json');
  });

  it('keeps a typed param that holds an expression in the expression editor', () => {
    const expression = '{{ $trigger.count }}';
    for (const param of [
      z.number(),
      z.boolean(),
      z.enum(['a', 'b']),
      z.object({ a: z.string() }),
      z.record(z.string(), z.string()),
      z.array(z.string()),
    ])
      expect(choose(param, expression)).toBe('expression');
    // Any value stays the one text field it was, so typing `{{` does not swap the control.
    expect(choose(z.unknown(), expression)).toBe('any-json');
  });

  it('follows the ui hints only where the page can offer them', () => {
    const approval = paramsJsonSchema(builtinCatalog().latest('core.approval')!);
    const users = asSchema(asSchema(asSchema(approval.properties).assignees).properties).users;
    expect(chooseWidget(asSchema(users), [], everything)).toBe('members');
    expect(chooseWidget(asSchema(users), [], nothing)).toBe('array');

    const slack = paramsJsonSchema(builtinCatalog().latest('slack.send_message')!);
    const channel = asSchema(asSchema(slack.properties).channel);
    expect(chooseWidget(channel, 'C1', everything)).toBe('vendor-options');
    expect(chooseWidget(channel, 'C1', nothing)).toBe('expression');
    expect(chooseWidget(channel, '{{ $trigger.channel }}', everything)).toBe('expression');
  });

  it('offers an option list before an enum of the same param', () => {
    const param = z.enum(['a', 'b']).meta({ options: 'letters' });
    expect(choose(param, 'a')).toBe('vendor-options');
    expect(choose(param, 'a', nothing)).toBe('enum');
  });
});
