import { apiKeyLlmConnector } from '../llm.js';

/** The Gemini API version of every request: function calling and system instructions need v1beta. */
export const GEMINI_API_VERSION = 'v1beta';

export const geminiConnector = apiKeyLlmConnector({
  id: 'gemini',
  title: 'Google Gemini',
  description:
    'Google Gemini models (Gemini API, API key) as the model of agent nodes, with function calling.',
  icon: 'google-gemini',
  docsUrl: 'https://ai.google.dev/api/generate-content',
  baseUrl: 'https://generativelanguage.googleapis.com',
  testPath: `/${GEMINI_API_VERSION}/models`,
  keyIn: { header: 'x-goog-api-key' },
  defaultModel: 'gemini-2.0-flash',
});
