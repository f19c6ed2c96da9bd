// For sandbox-step-cost.ts: one expression evaluated in the workflow sandbox, on the synchronous
// JSONata that flows use or on the jsonata package's own (asynchronous) evaluator.
import jsonata from 'jsonata';
import { evaluateExpression } from '@bizosaas/shared';

export async function stepCost(engine: 'synchronous' | 'async', source: string, input: unknown) {
  if (engine === 'async') await jsonata(source).evaluate(input);
  else evaluateExpression(source, { input }, { budget: { maxDepth: 1e6, maxSteps: 1e12 } });
}
