import { z } from 'zod';
import { apiKeyField, defaultModelField, llmPort } from '../llm.js';
import { apiKeyAuth, defineConnection, defineConnector } from '../sdk/index.js';

/** The Messages API version every request pins (Anthropic's only stable one). */
export const ANTHROPIC_VERSION = '2023-06-01';

const connection = defineConnection({
  auth: [
    apiKeyAuth({
      id: 'api_key',
      title: 'API key',
      credentials: z.object({
        apiKey: apiKeyField,
        defaultModel: defaultModelField('claude-3-5-haiku-latest'),
      }),
      in: 'header',
      name: 'x-api-key',
      value: (c) => c.apiKey,
    }),
  ],
  baseUrl: () => 'https://api.anthropic.com',
  headers: () => ({ 'anthropic-version': ANTHROPIC_VERSION }),
  test: { method: 'GET', path: '/v1/models' },
});

export const anthropicConnector = defineConnector({
  id: 'anthropic',
  title: 'Anthropic',
  description: 'Anthropic Claude models as the model of agent nodes, with tool use.',
  category: 'llm',
  icon: 'anthropic',
  docsUrl: 'https://docs.anthropic.com/en/api/messages',
  connection,
  operations: [],
  port: llmPort,
});
