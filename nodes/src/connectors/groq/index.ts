import { z } from 'zod';
import { apiKeyField, defaultModelField, llmPort } from '../llm.js';
import { bearerAuth, defineConnection, defineConnector } from '../sdk/index.js';

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'api_key',
      title: 'API key',
      credentials: z.object({
        apiKey: apiKeyField,
        defaultModel: defaultModelField('llama-3.3-70b-versatile'),
      }),
      token: (c) => c.apiKey,
    }),
  ],
  // The Groq SDK's base URL: it adds `/openai/v1/…` (Groq's API is OpenAI's shape).
  baseUrl: () => 'https://api.groq.com',
  test: { method: 'GET', path: '/openai/v1/models' },
});

export const groqConnector = defineConnector({
  id: 'groq',
  title: 'Groq',
  description: 'Open models (Llama, …) on Groq as the model of agent nodes, with tool calling.',
  category: 'llm',
  icon: 'groq',
  docsUrl: 'https://console.groq.com/docs/api-reference',
  connection,
  operations: [],
  port: llmPort,
});
