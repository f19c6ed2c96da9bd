/// <reference types="node" />
import { readFileSync } from 'node:fs';
import jsonata from 'jsonata';
import { expect, test } from 'vitest';
import synchronousJsonata from '../src/expressions-jsonata.js';
import { generatedPath, synchronousJsonata as generate } from './expressions-jsonata.js';

test('the synchronous JSONata is generated from the installed jsonata', () => {
  // Fails after an upgrade of jsonata until `node --import tsx shared/test/expressions-jsonata.ts`.
  expect(readFileSync(generatedPath, 'utf8')).toBe(generate());
});

const items = Array.from({ length: 50 }, (_, i) => ({ name: `item ${i}`, price: i, qty: i % 4 }));
const samples = [
  '$map(items, function($v){ $v.price * $v.qty })',
  'items[qty > 1].name',
  'items{ $string(qty): $sum(price) }',
  '[1, ($x := 3; $x), {"a": $sum([1, 2])}, $string(4), [5, 6]]',
  '$sort(items, function($a, $b){ $a.qty < $b.qty }).name[[0..4]]',
  '$reduce(items.price, function($acc, $v){ $acc + $v }, 0)',
  '$filter(items, function($v, $i){ $i % 7 = 0 }).price',
  '($f := function($n){ $n < 200 ? $f($n + 1) : $n }; $f(0))',
  '($fib := function($n){ $n < 2 ? $n : $fib($n - 1) + $fib($n - 2) }; $fib(12))',
  '$replace("a-b-c", /-(\\w)/, function($m){ $uppercase($m.groups[0]) })',
  'items^(>price)[0..2].{ "n": name, "total": price * qty }',
  '$each({"a": 1, "b": 2}, function($v, $k){ $k & $v })',
  '$sift({"a": 1, "b": 2}, function($v){ $v > 1 })',
  '$zip([1, 2], [3, 4]) ~> $map(function($p){ $sum($p) })',
  '$single(items, function($v){ $v.price = 7 }).name',
  'items.price ~> $max()',
  '$undefinedFunction(1)',
  'items.price.foo.bar',
];

test.each(samples)('%s gives what JSONata gives', async (source) => {
  const settle = async (run: () => unknown) => {
    try {
      return { value: await run() };
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      return { code, message };
    }
  };
  const expected = await settle(() => jsonata(source).evaluate({ items }));
  const actual = await settle(() => synchronousJsonata(source).evaluate({ items }));
  expect(actual).toEqual(expected);
});
