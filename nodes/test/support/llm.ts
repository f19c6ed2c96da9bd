import { HumanMessage } from '@langchain/core/messages';
import { expect } from 'vitest';
import { z } from 'zod';
import { NodeError } from '../../src/node-error.js';

/** The weather tool of OpenAI's and Ollama's documented examples, as a zod schema. */
export const weatherTool = {
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  schema: z.object({
    location: z.string().describe('The city and state, e.g. San Francisco, CA'),
    unit: z.enum(['celsius', 'fahrenheit']).optional(),
  }),
};

/** The question of those examples. */
export const boston = new HumanMessage('What is the weather like in Boston today?');

/** The NodeError a call fails with (and a test failure if it does not fail with one). */
export async function nodeErrorOf(run: Promise<unknown>): Promise<NodeError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}
