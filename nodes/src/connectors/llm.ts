import { z } from 'zod';
import type { LlmPort } from '../ports/ports.js';
import { apiKeyAuth, bearerAuth, defineConnection, defineConnector } from './sdk/index.js';

// What the LLM connections (openai, anthropic, gemini, azure_openai, groq, openai_compatible) share.
// They have no operations: an agent node uses one as its model (nodes/src/agents/models builds the
// LangChain chat model, through the same guarded fetch as every connector).

export const apiKeyField = z.string().min(1).meta({ title: 'API key', secret: true });

/** An LLM connection's port: the default model from its credentials. */
export const llmPort: LlmPort<{ defaultModel: string }> = {
  defaultModel: (credentials) => credentials.defaultModel,
};

export interface ApiKeyLlmSpec {
  id: string;
  title: string;
  description: string;
  icon: string;
  docsUrl: string;
  /** The vendor SDK's base URL (its paths are added to it). */
  baseUrl: string;
  /** The cheap request that proves the key: the vendor's model list. */
  testPath: string;
  /** `bearer`, or the header that carries the key as is. */
  keyIn: 'bearer' | { header: string };
  /** The model an agent uses when its node names none. */
  defaultModel: string;
  headers?: Record<string, string>;
}

/** An LLM vendor reached with one API key at a fixed base URL (OpenAI, Anthropic, Gemini, Groq). */
export function apiKeyLlmConnector(spec: ApiKeyLlmSpec) {
  const credentials = z.object({
    apiKey: apiKeyField,
    defaultModel: z
      .string()
      .min(1)
      .default(spec.defaultModel)
      .meta({
        title: 'Default model',
        description: `used when an agent names none, e.g. ${spec.defaultModel}`,
      }),
  });
  const auth =
    spec.keyIn === 'bearer'
      ? bearerAuth({ id: 'api_key', title: 'API key', credentials, token: (c) => c.apiKey })
      : apiKeyAuth({
          id: 'api_key',
          title: 'API key',
          credentials,
          in: 'header',
          name: spec.keyIn.header,
          value: (c) => c.apiKey,
        });
  const connection = defineConnection({
    auth: [auth],
    baseUrl: () => spec.baseUrl,
    ...(spec.headers ? { headers: () => spec.headers as Record<string, string> } : {}),
    test: { method: 'GET', path: spec.testPath },
  });
  return defineConnector({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    category: 'llm',
    icon: spec.icon,
    docsUrl: spec.docsUrl,
    connection,
    operations: [],
    port: llmPort,
  });
}
