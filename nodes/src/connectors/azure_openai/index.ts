import { z } from 'zod';
import { apiKeyField } from '../llm.js';
import { apiKeyAuth, defineConnection, defineConnector } from '../sdk/index.js';

const connection = defineConnection({
  auth: [
    apiKeyAuth({
      id: 'api_key',
      title: 'API key',
      credentials: z.object({
        endpoint: z
          .url({ protocol: /^https$/ })
          .transform((url) => url.replace(/\/+$/, ''))
          .meta({ title: 'Endpoint', description: 'e.g. https://my-resource.openai.azure.com' }),
        deployment: z
          .string()
          .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"')
          .meta({ title: 'Deployment', description: 'the deployment name of the model' }),
        apiVersion: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'a date such as 2024-10-21')
          .default('2024-10-21')
          .meta({ title: 'API version' }),
        apiKey: apiKeyField,
      }),
      in: 'header',
      name: 'api-key',
      value: (c) => c.apiKey,
    }),
  ],
  baseUrl: (c) => c.endpoint,
  test: {
    async run({ http, credentials }) {
      await http.request({
        method: 'GET',
        path: '/openai/models',
        query: { 'api-version': credentials.apiVersion },
      });
    },
  },
});

export const azureOpenaiConnector = defineConnector({
  id: 'azure_openai',
  title: 'Azure OpenAI',
  description:
    'A model deployed in Azure OpenAI as the model of agent nodes, with tool calling. The deployment decides the model.',
  category: 'llm',
  icon: 'azure',
  docsUrl: 'https://learn.microsoft.com/en-us/azure/ai-services/openai/reference',
  connection,
  operations: [],
  port: { defaultModel: (c) => c.deployment },
});
