import { apiKeyLlmConnector } from '../llm.js';

export const openaiConnector = apiKeyLlmConnector({
  id: 'openai',
  title: 'OpenAI',
  description: 'OpenAI chat models (GPT) as the model of agent nodes, with tool calling.',
  icon: 'openai',
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
  baseUrl: 'https://api.openai.com/v1',
  testPath: '/models',
  keyIn: 'bearer',
  defaultModel: 'gpt-4o-mini',
});
