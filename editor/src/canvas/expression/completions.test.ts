import { describe, expect, it } from 'vitest';
import { suggest, type ExpressionScope } from './completions';

const scope: ExpressionScope = {
  nodes: [
    {
      name: 'Fetch order',
      title: 'HTTP request',
      output: {
        type: 'object',
        properties: { status: { type: 'integer' }, body: {}, headers: { type: 'object' } },
      },
    },
    { name: 'Set', title: 'Set', output: { type: 'object', additionalProperties: {} } },
  ],
  variables: ['region'],
  inLoop: false,
};

describe('expression completions', () => {
  it('offers the context roots', () => {
    expect(suggest('$', scope)?.options.map((o) => o.label)).toEqual([
      '$trigger',
      '$node',
      '$vars',
      '$run',
    ]);
    expect(suggest('x + $t', scope)).toMatchObject({ from: 4, options: [{ label: '$trigger' }] });
  });

  it('offers upstream node names, backticked when they are not identifiers', () => {
    const result = suggest('$node.', scope)!;
    expect(result.from).toBe(6);
    expect(result.options.map((o) => o.apply)).toEqual(['`Fetch order`', 'Set']);
    expect(suggest('$node.Fe', scope)!.options.map((o) => o.label)).toEqual(['Fetch order']);
  });

  it('follows output schemas field by field', () => {
    expect(suggest('$node.`Fetch order`.', scope)!.options.map((o) => o.label)).toEqual(['output']);
    const fields = suggest('$node.`Fetch order`.output.st', scope)!;
    expect(fields.options).toEqual([
      { label: 'status', apply: 'status', detail: 'integer', type: 'property' },
    ]);
  });

  it('offers variables and run fields, and loop variables only in a loop', () => {
    expect(suggest('$vars.', scope)!.options.map((o) => o.label)).toEqual(['region']);
    expect(suggest('$run.s', scope)!.options.map((o) => o.label)).toEqual(['startedAt']);
    expect(suggest('$i', scope)!.options).toEqual([]);
    expect(suggest('$i', { ...scope, inLoop: true })!.options.map((o) => o.label)).toEqual([
      '$item',
      '$index',
    ]);
  });

  it('stays quiet for unknown nodes and plain text', () => {
    expect(suggest('$node.Nope.output.', scope)).toBeUndefined();
    expect(suggest('hello', scope)).toBeUndefined();
  });
});
