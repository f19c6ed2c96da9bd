import { z } from 'zod';
import { apiKeyField, defaultModelField, llmPort } from '../llm.js';
import { apiKeyAuth, defineConnection, defineConnector } from '../sdk/index.js';

/** The Gemini API version of every request: function calling and system instructions need v1beta. */
export const GEMINI_API_VERSION = 'v1beta';

const connection = defineConnection({
  auth: [
    apiKeyAuth({
      id: 'api_key',
      title: 'API key',
      credentials: z.object({
        apiKey: apiKeyField,
        defaultModel: defaultModelField('gemini-2.0-flash'),
      }),
      in: 'header',
      name: 'x-goog-api-key',
      value: (c) => c.apiKey,
    }),
  ],
  baseUrl: () => 'https://generativelanguage.googleapis.com',
  test: { method: 'GET', path: `/${GEMINI_API_VERSION}/models` },
});

export const geminiConnector = defineConnector({
  id: 'gemini',
  title: 'Google Gemini',
  description:
    'Google Gemini models (Gemini API, API key) as the model of agent nodes, with function calling.',
  category: 'llm',
  icon: 'google-gemini',
  docsUrl: 'https://ai.google.dev/api/generate-content',
  connection,
  operations: [],
  port: llmPort,
});
