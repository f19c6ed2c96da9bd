import type jsonata from 'jsonata';

/** A parsed expression of the synchronous JSONata: `evaluate` returns the result itself. */
export interface SynchronousExpression extends Omit<jsonata.Expression, 'evaluate'> {
  evaluate(input: unknown, bindings?: Record<string, unknown>): unknown;
}

/** JSONata's factory, from the generated module (see shared/test/expressions-jsonata.ts). */
declare function synchronousJsonata(
  source: string,
  options?: jsonata.JsonataOptions,
): SynchronousExpression;
export default synchronousJsonata;
