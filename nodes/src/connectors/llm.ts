import { z } from 'zod';
import type { LlmPort } from '../ports/ports.js';

// What the LLM connections (openai, anthropic, gemini, azure_openai, groq, openai_compatible) share.
// They have no operations: an agent node uses one as its model (nodes/src/agents/models builds the
// LangChain chat model, through the same guarded fetch as every connector).

export const apiKeyField = z.string().min(1).meta({ title: 'API key', secret: true });

/** The model an agent uses when its node names none. */
export function defaultModelField(example: string) {
  return z
    .string()
    .min(1)
    .default(example)
    .meta({
      title: 'Default model',
      description: `used when an agent names none, e.g. ${example}`,
    });
}

/** An LLM connection's port: the default model from its credentials. */
export const llmPort: LlmPort<{ defaultModel: string }> = {
  defaultModel: (credentials) => credentials.defaultModel,
};
