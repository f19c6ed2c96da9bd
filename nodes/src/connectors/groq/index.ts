import { apiKeyLlmConnector } from '../llm.js';

export const groqConnector = apiKeyLlmConnector({
  id: 'groq',
  title: 'Groq',
  description: 'Open models (Llama, …) on Groq as the model of agent nodes, with tool calling.',
  icon: 'groq',
  docsUrl: 'https://console.groq.com/docs/api-reference',
  // The Groq SDK adds `/openai/v1/…` (Groq's API is OpenAI's shape).
  baseUrl: 'https://api.groq.com',
  testPath: '/openai/v1/models',
  keyIn: 'bearer',
  defaultModel: 'llama-3.3-70b-versatile',
});
