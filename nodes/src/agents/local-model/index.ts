/**
 * The embedded local model: agents run on it when their tenant has no LLM connection, on any
 * machine `npm run up` set up, offline. Importing this module loads nothing; the model loads on
 * the first call.
 */
export {
  LocalChatModel,
  type LocalChatModelCallOptions,
  type LocalChatModelFields,
} from './chat-model.js';
export { measureLocalModelSpeed, type LocalModelSpeed } from './speed.js';
export { localModelSettings, type LocalModelSettings } from './model-file.js';
