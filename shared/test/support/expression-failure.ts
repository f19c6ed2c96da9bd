import { ExpressionError } from '../../src/expressions.js';

/** The ExpressionError an evaluation throws (anything else, or success, fails the test). */
export function expressionFailure(evaluate: () => unknown): ExpressionError {
  try {
    evaluate();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected the expression to fail');
}
