import { apiKeyLlmConnector } from '../llm.js';

export const anthropicConnector = apiKeyLlmConnector({
  id: 'anthropic',
  title: 'Anthropic',
  description: 'Anthropic Claude models as the model of agent nodes, with tool use.',
  icon: 'anthropic',
  docsUrl: 'https://docs.anthropic.com/en/api/messages',
  baseUrl: 'https://api.anthropic.com',
  testPath: '/v1/models',
  keyIn: { header: 'x-api-key' },
  // The Messages API version every request pins (the SDK sends the same).
  headers: { 'anthropic-version': '2023-06-01' },
  defaultModel: 'claude-3-5-haiku-latest',
});
