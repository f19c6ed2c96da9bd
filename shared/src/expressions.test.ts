import { describe, expect, test } from 'vitest';
import {
  evaluateExpression,
  evaluateTemplate,
  ExpressionError,
  expressionReferences,
  parseTemplate,
  type ExpressionContext,
} from './expressions.js';
import { resolveParams } from './resolve-params.js';
import { expressionFailure } from '../test/support/expression-failure.js';

const context: ExpressionContext = {
  trigger: {
    body: { email: 'ada@example.test', score: 72, tags: [{ label: 'vip' }, { label: 'eu' }] },
  },
  node: { 'Find contact': { output: { id: 'c-1', deals: [{ amount: 10 }, { amount: 32 }] } } },
  item: { label: 'vip' },
  index: 3,
  run: { runId: 'r-1', flowId: 'f-1', tenantId: 't-1', startedAt: '2026-01-01T00:00:00Z' },
  vars: { threshold: 50 },
  input: { fromPrevious: true },
};

describe('templates', () => {
  test('a string without placeholders is not a template', () => {
    expect(parseTemplate('plain text } with {braces}')).toBeUndefined();
  });

  test('a whole placeholder yields the raw value, not a string', () => {
    const template = parseTemplate('{{ $trigger.body.score > $vars.threshold }}');
    expect(template).toEqual({
      kind: 'expression',
      source: ' $trigger.body.score > $vars.threshold ',
      offset: 2,
    });
    expect(evaluateTemplate(template!, context)).toBe(true);
    expect(
      evaluateTemplate(parseTemplate('  {{ $node.`Find contact`.output.deals }} ')!, context),
    ).toEqual([{ amount: 10 }, { amount: 32 }]);
  });

  test('mixed text interpolates, objects as JSON and nothing as empty', () => {
    const template = parseTemplate(
      'Hi {{ $trigger.body.email }}, {{ $sum($node.`Find contact`.output.deals.amount) }} {{ $item }}{{ $missing }}!',
    );
    expect(evaluateTemplate(template!, context)).toBe('Hi ada@example.test, 42 {"label":"vip"}!');
  });

  test('object constructors with nested braces and "}}" inside strings stay one placeholder', () => {
    const template = parseTemplate('{{ {"a": {"b": "}}"}} }}');
    expect(template).toMatchObject({ kind: 'expression' });
    expect(evaluateTemplate(template!, context)).toEqual({ a: { b: '}}' } });
  });

  test.each([
    ['x {{ 1 + }}', 9],
    ['{{ ', 0],
    ['ok {{   }}', 3],
  ])('%j fails to parse with the position in the param string', (text, position) => {
    let error: unknown;
    try {
      parseTemplate(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error).toMatchObject({ code: 'EXPRESSION_SYNTAX', position });
  });

  test('$ is the node input, and every context variable is bound', () => {
    expect(
      evaluateExpression('[$.fromPrevious, $index, $run.tenantId, $item.label]', context),
    ).toEqual([true, 3, 't-1', 'vip']);
  });
});

describe('evaluation errors name node, param and position', () => {
  test('a runtime type error', () => {
    const template = parseTemplate('Hello {{ $trigger.body.email + 1 }}')!;
    const located = expressionFailure(() =>
      resolveParams(
        {
          id: 'n1',
          name: 'Send email',
          params: { subject: '' },
          expressions: [{ param: 'subject', path: ['subject'], template }],
        },
        context,
      ),
    );
    expect(located.code).toBe('EXPRESSION_EVALUATION');
    expect(located.location).toEqual({ nodeId: 'n1', nodeName: 'Send email', param: 'subject' });
    expect(located.position).toBeGreaterThanOrEqual(8);
    expect(located.message).toMatch(/^node "Send email", param "subject", position \d+: /);
  });
});

describe('resolveParams', () => {
  test('replaces templated params at their paths and leaves the definition untouched', () => {
    const params = {
      url: 'https://crm.test/{{ $node.`Find contact`.output.id }}',
      headers: [{ value: '{{ $index }}' }],
      fixed: 1,
    };
    const node = {
      id: 'n1',
      name: 'Update',
      params,
      expressions: [
        { param: 'url', path: ['url'], template: parseTemplate(params.url)! },
        {
          param: 'headers.0.value',
          path: ['headers', 0, 'value'],
          template: parseTemplate(params.headers[0]!.value)!,
        },
      ],
    };
    const before = JSON.stringify(node);
    expect(resolveParams(node, context)).toEqual({
      url: 'https://crm.test/c-1',
      headers: [{ value: 3 }],
      fixed: 1,
    });
    expect(JSON.stringify(node)).toBe(before);
  });
});

describe('expressionReferences', () => {
  test('lists node, trigger, loop, variable and run references with positions', () => {
    const refs = expressionReferences(
      '$node.`Find contact`.output.deals[0].amount + $trigger.body.score + $index + $vars.threshold + $count($item.tags) + $run.runId',
    );
    expect(refs).toEqual([
      { kind: 'node', name: 'Find contact', path: ['deals', 'amount'], position: 0 },
      { kind: 'trigger', path: ['body', 'score'], position: 46 },
      { kind: 'index', position: 68 },
      { kind: 'vars', name: 'threshold', position: 77 },
      { kind: 'item', path: ['tags'], position: 102 },
      { kind: 'run', field: 'runId', position: 116 },
    ]);
  });

  test('finds references inside lambdas, predicates and object constructors', () => {
    const refs = expressionReferences(
      '{"x": $map([1,2], function($v){ $v + $node.A.output.n }), "y": $trigger.list[id = $vars.wanted]}',
    );
    expect(refs.map((r) => r.kind).sort()).toEqual(['node', 'trigger', 'vars']);
  });

  test('an expression that does not parse throws a syntax error', () => {
    expect(() => expressionReferences('$node.')).toThrow(ExpressionError);
  });
});

test('$eval is switched off with a clear message', () => {
  expect(() => evaluateExpression('$eval("1 + 1")', {})).toThrow(/\$eval is not available/);
});
