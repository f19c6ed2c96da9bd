import { z } from 'zod';
import { llmPort } from '../llm.js';
import { bearerAuth, defineConnection, defineConnector } from '../sdk/index.js';

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'endpoint',
      title: 'Endpoint',
      credentials: z.object({
        baseUrl: z
          .url({ protocol: /^https?$/ })
          .transform((url) => url.replace(/\/+$/, ''))
          .meta({
            title: 'Base URL',
            description:
              'up to /v1, e.g. http://ollama.internal:11434/v1 (a private address needs the tenant to allow private networks)',
          }),
        apiKey: z
          .string()
          .optional()
          .meta({ title: 'API key', description: 'if the server asks for one', secret: true }),
        defaultModel: z
          .string()
          .min(1)
          .meta({ title: 'Model name', description: 'e.g. llama3.1:8b' }),
      }),
      token: (c) => c.apiKey ?? '',
    }),
  ],
  baseUrl: (c) => c.baseUrl,
  test: { method: 'GET', path: '/models' },
});

export const openaiCompatibleConnector = defineConnector({
  id: 'openai_compatible',
  title: 'OpenAI-compatible endpoint',
  description:
    'Any server speaking the OpenAI chat completions API (Ollama, vLLM, llama.cpp server, LM Studio) as the model of agent nodes.',
  category: 'llm',
  icon: 'server',
  docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
  connection,
  operations: [],
  port: llmPort,
});
