import { describe, expect, test } from 'vitest';
import { evaluateExpression, ExpressionError, type ExpressionContext } from '../src/index.js';

/**
 * Expressions are user input evaluated on the server, in the browser and in the workflow sandbox.
 * Each attempt below must end in an ExpressionError (or yield nothing useful) and change nothing:
 * not the context, not Object.prototype, not the global object.
 */

function freshContext(): ExpressionContext {
  return {
    trigger: { body: { email: 'a@b.test', list: [1, 2, 3] } },
    node: { Fetch: { output: { id: 'x' } } },
    vars: { limit: 3 },
    input: { data: 1 },
  };
}

function outcome(source: string): { value?: unknown; error?: ExpressionError } {
  try {
    return {
      value: evaluateExpression(source, freshContext(), { budget: { timeoutMs: 500 } }),
    };
  } catch (error) {
    if (error instanceof ExpressionError) return { error };
    throw error;
  }
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const globalKeys = () => Object.getOwnPropertyNames(globalThis).sort();

describe('expressions cannot reach the host', () => {
  test.each([
    'process',
    '$process',
    'process.env',
    '$globalThis',
    'globalThis.process',
    '$require("fs")',
    'require("child_process")',
    '$Function("return process")()',
    'constructor',
    '$.constructor',
    '$.constructor.constructor("return process")()',
    '$string.constructor',
    '$sum.constructor("return globalThis")()',
    '$lookup($, "constructor")',
    '$eval("process")',
    '$eval("$.constructor.constructor(\\"return 1\\")()")',
    '$.__proto__',
    '$.__proto__.polluted',
    '$trigger.__proto__.toString',
  ])('%s yields nothing or fails', (source) => {
    const { value, error } = outcome(source);
    if (error) {
      expect(error.code).toMatch(/^EXPRESSION_/);
    } else {
      // Either nothing at all, or plain data: never a host object or a callable.
      expect(value === undefined || typeof value !== 'function').toBe(true);
      expect(JSON.stringify(value ?? null)).not.toMatch(/process|native code/);
    }
  });

  test.each([
    '{"__proto__": {"polluted": true}}',
    '$merge([{}, {"__proto__": {"polluted": true}}])',
    '$ ~> |$|{"__proto__": {"polluted": true}}|',
    '$trigger ~> |body|{"constructor": {"prototype": {"polluted": true}}}|',
    '$eval(\'{"__proto__": {"polluted": true}}\')',
  ])('%s pollutes no prototype and returns plain data', (source) => {
    const before = prototypeKeys();
    const context = freshContext();
    const snapshot = JSON.stringify(context);
    let value: unknown;
    try {
      value = evaluateExpression(source, context);
    } catch {
      value = undefined;
    }
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(context)).toBe(snapshot);
    if (value !== undefined && typeof value === 'object' && value !== null) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect((value as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  test('a transform copies: the context stays as it was', () => {
    const context = freshContext();
    const snapshot = JSON.stringify(context);
    const result = evaluateExpression('$trigger ~> |body|{"email": "evil@x.test"}|', context);
    expect(result).toMatchObject({ body: { email: 'evil@x.test' } });
    expect(JSON.stringify(context)).toBe(snapshot);
  });

  test('no global is created or replaced', () => {
    const before = globalKeys();
    outcome('($process := "x"; $globalThis := {}; $require := function(){1}; $process)');
    expect(globalKeys()).toEqual(before);
  });
});

describe('runaway expressions stop within the budget', () => {
  test.each([
    ['non-tail recursion', '($f := function($n){ 1 + $f($n + 1) }; $f(0))'],
    ['tail recursion (an endless loop)', '($f := function($n){ $f($n + 1) }; $f(0))'],
    ['a huge range', '[1..100000000]'],
    ['a large range beyond the sequence limit', '$count([1..2000000])'],
    ['a range built from the data', '[1..$trigger.body.list[2] * 10000000]'],
    [
      'string doubling',
      '($s := function($x, $n){ $n = 0 ? $x : $s($x & $x, $n - 1) }; $length($s("ab", 40)))',
    ],
    ['padding bomb', '$length($pad("", 100000000))'],
    [
      'recursion through $eval',
      '($f := function($n){ 1 + $eval("$f($n + 1)", {"n": $n}) }; $f(0))',
    ],
  ])('%s fails with a budget error', (_story, source) => {
    const started = Date.now();
    const { error } = outcome(source);
    expect(error, `${source} should fail`).toBeInstanceOf(ExpressionError);
    expect(error?.code).toMatch(/EXPRESSION_BUDGET|EXPRESSION_EVALUATION/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('the step budget is deterministic: the same expression stops at the same step without a clock', () => {
    const frozen = () => 0;
    const run = () => {
      try {
        return evaluateExpression(
          '($f := function($n){ $f($n + 1) }; $f(0))',
          {},
          { budget: { maxSteps: 5_000 }, now: frozen },
        );
      } catch (error) {
        return (error as ExpressionError).message;
      }
    };
    const first = run();
    expect(first).toMatch(/more than 5000 steps/);
    expect(run()).toBe(first);
  });

  test('depth errors say so', () => {
    const { error } = outcome('($f := function($n){ 1 + $f($n + 1) }; $f(0))');
    expect(error?.code).toBe('EXPRESSION_BUDGET');
    expect(error?.message).toMatch(/deeper than \d+ levels/);
  });
});
