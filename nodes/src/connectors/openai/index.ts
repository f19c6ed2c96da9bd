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
        defaultModel: defaultModelField('gpt-4o-mini'),
      }),
      token: (c) => c.apiKey,
    }),
  ],
  baseUrl: () => 'https://api.openai.com/v1',
  test: { method: 'GET', path: '/models' },
});

export const openaiConnector = defineConnector({
  id: 'openai',
  title: 'OpenAI',
  description: 'OpenAI chat models (GPT) as the model of agent nodes, with tool calling.',
  category: 'llm',
  icon: 'openai',
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
  connection,
  operations: [],
  port: llmPort,
});
