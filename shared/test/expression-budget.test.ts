import { describe, expect, test } from 'vitest';
import {
  evaluateExpression,
  ExpressionError,
  parseTemplate,
  resolveParams,
  WORKFLOW_BUDGET,
} from '../src/index.js';
import { expressionFailure } from './support/expression-failure.js';

// Issue 12: expressions that never finish stalled runs forever. Every evaluation is bounded in
// steps (tail calls and regex work included), regexes run in linear time, and what exceeds the
// budget fails with EXPRESSION_BUDGET naming the node, the param and the limit.

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = Date.now();
  const value = run();
  return { value, ms: Date.now() - started };
}

describe('regexes run in linear time', () => {
  test('a pattern that backtracks exponentially in JavaScript answers at once', () => {
    const subject = `${'a'.repeat(36)}!`;
    const { value, ms } = timed(() => evaluateExpression(`$match("${subject}", /^(a+)+$/)`, {}));
    expect(value).toBeUndefined();
    expect(ms).toBeLessThan(200);
    // The same pattern matches where it should.
    expect(evaluateExpression('$contains("aaaa", /^(a+)+$/)', {})).toBe(true);
  });

  test('flags, groups, $replace with $1, $split and $contains keep working', () => {
    expect(evaluateExpression('$match("Ada ADA ada", /ada/i).match', {})).toEqual([
      'Ada',
      'ADA',
      'ada',
    ]);
    expect(evaluateExpression('$match("a\\nb", /^b$/m).index', {})).toBe(2);
    expect(evaluateExpression('$match("2024-05, 2025-06", /(\\d{4})-(\\d{2})/)', {})).toEqual([
      { match: '2024-05', index: 0, groups: ['2024', '05'] },
      { match: '2025-06', index: 9, groups: ['2025', '06'] },
    ]);
    expect(evaluateExpression('$replace("John Smith", /(\\w+)\\s(\\w+)/, "$2, $1")', {})).toBe(
      'Smith, John',
    );
    expect(evaluateExpression('$split("a1b22c", /\\d+/)', {})).toEqual(['a', 'b', 'c']);
    expect(evaluateExpression('$contains("hello", /L+/i)', {})).toBe(true);
    // Indices count UTF-16 units, as JavaScript strings do.
    expect(evaluateExpression('$match("é😀 x", /x/).index', {})).toBe(4);
  });

  test('lookaround and backreferences are refused when the expression is parsed', () => {
    for (const text of ['{{ $match($, /a(?=b)/) }}', '{{ $replace($, /(a)\\1/, "") }}']) {
      let error: unknown;
      try {
        parseTemplate(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ExpressionError);
      expect(error).toMatchObject({ code: 'EXPRESSION_SYNTAX' });
      expect((error as Error).message).toMatch(/cannot run in linear time/);
    }
  });

  test('many searches over one long input are charged by their bound and stop', () => {
    // `a*b|a` keeps a thread alive to the end of the input on every search: quadratic even for RE2
    // (10,000 searches over 20,000 characters took 20 s before the bound was charged).
    const { value: error, ms } = timed(() =>
      expressionFailure(() =>
        evaluateExpression(
          '$count($match($pad("", 20000, "a"), /a*b|a/))',
          {},
          {
            budget: { ...WORKFLOW_BUDGET, timeoutMs: 60_000 },
          },
        ),
      ),
    );
    expect(error.code).toBe('EXPRESSION_BUDGET');
    expect(error.message).toMatch(`more than ${WORKFLOW_BUDGET.maxRegexWork} units of work`);
    expect(ms).toBeLessThan(1_500);
  });

  test('outside the workflow the clock stops them too, checked before every search', () => {
    const error = expressionFailure(() =>
      evaluateExpression(
        '$count($match($pad("", 20000, "a"), /a*b|a/))',
        {},
        {
          budget: { timeoutMs: 100 },
        },
      ),
    );
    expect(error.message).toMatch(/longer than 100 ms/);
  });
});

describe('the step budget', () => {
  test('tail recursion stops at the workflow budget, at the same step every time, without a clock', () => {
    const frozen = () => 0;
    const run = () =>
      expressionFailure(() =>
        evaluateExpression(
          '($f := function($n){ $f($n + 1) }; $f(0))',
          {},
          { budget: WORKFLOW_BUDGET, now: frozen },
        ),
      );
    const first = run();
    expect(first.code).toBe('EXPRESSION_BUDGET');
    expect(first.message).toMatch(`more than ${WORKFLOW_BUDGET.maxSteps} steps`);
    expect(run().message).toBe(first.message);
  });

  test("one node's params share its budget, and the error names node, param and limit", () => {
    // Each param alone fits in 400 steps (about 290); together they do not.
    const loop = '{{ ($f := function($n){ $n < 30 ? $f($n + 1) : $n }; $f(0)) }}';
    const node = {
      id: 'n1',
      name: 'Compute',
      params: { a: loop, b: loop },
      expressions: [
        { param: 'a', path: ['a'], template: parseTemplate(loop)! },
        { param: 'b', path: ['b'], template: parseTemplate(loop)! },
      ],
    };
    expect(
      resolveParams(
        { ...node, expressions: node.expressions.slice(0, 1) },
        {},
        {
          budget: { maxSteps: 400 },
        },
      ),
    ).toMatchObject({ a: 30 });
    const error = expressionFailure(() => resolveParams(node, {}, { budget: { maxSteps: 400 } }));
    expect(error.code).toBe('EXPRESSION_BUDGET');
    expect(error.location).toEqual({ nodeId: 'n1', nodeName: 'Compute', param: 'b' });
    expect(error.message).toMatch(
      /^node "Compute", param "b", position \d+: .*more than 400 steps/,
    );
  });

  test('$pad refuses a width beyond the string budget before building it', () => {
    const { value: error, ms } = timed(() =>
      expressionFailure(() => evaluateExpression('$pad("", 1000000000, "ab")', {})),
    );
    expect(error.code).toBe('EXPRESSION_BUDGET');
    expect(error.message).toMatch(/longer than 1000000/);
    expect(ms).toBeLessThan(100);
    expect(evaluateExpression('[$pad("ab", 5, "xy"), $pad("ab", -4), $pad("abc", 2)]', {})).toEqual(
      ['abxyx', '  ab', 'abc'],
    );
  });
});
