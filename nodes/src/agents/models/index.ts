import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatGoogle } from '@langchain/google';
import { ChatGroq } from '@langchain/groq';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { GEMINI_API_VERSION } from '../../connectors/gemini/index.js';
import { builtinConnectors } from '../../connectors/index.js';
import type { Connector } from '../../connectors/sdk/index.js';
import { resolveCredentials } from '../../http/credentials.js';
import type { OutboundPolicy } from '../../http/ssrf-guard.js';
import { NodeError, NodeErrorCode } from '../../node-error.js';
import type { LlmPort } from '../../ports/ports.js';
import { LocalChatModel } from '../local-model/index.js';
import { GuardedChatModel } from './guarded-chat-model.js';
import { geminiClient, geminiHistory } from './gemini.js';
import { modelFetch } from './model-fetch.js';

export { agentRunnable } from './agent-runnable.js';
export { GuardedChatModel, usageOf, type GuardedCallOptions } from './guarded-chat-model.js';
export { estimateCostUsd, priceOf, PRICES, type ModelPrice } from './prices.js';

/**
 * Which model to build. `provider` is the LLM connection's connector id (its secret's `connector`);
 * `model` falls back to the connection's default model.
 */
export type ChatModelSpec =
  | { provider: 'local' }
  | { provider: string; model?: string; temperature?: number; maxTokens?: number };

export interface ChatModelDeps {
  /** The LLM connection's secret, read for this call alone. Never logged. */
  credentials: Record<string, unknown> | undefined;
  /** The tenant's outbound settings: the SSRF guard applies on top of the connection's host. */
  outbound: OutboundPolicy;
  /** The activity's cancellation: aborts the request in flight. */
  signal: AbortSignal;
  /** A compatible endpoint instead of the vendor's (a recorded vendor in tests, a regional host). */
  baseUrl?: string;
  /** Longest one model request may take, body included. */
  timeoutMs?: number;
}

/** The LLM connections (the `llm` category), by connector id (= `spec.provider`). */
export const LLM_CONNECTORS: Readonly<Record<string, Connector>> = Object.fromEntries(
  builtinConnectors.filter((c) => c.category === 'llm').map((c) => [c.id, c]),
);

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * A LangChain chat model (with `bindTools`) for an agent: the embedded local model (local-model's
 * `LocalChatModel`), or a vendor's model on an LLM connection whose every request goes through the
 * platform's guarded fetch. Vendor refusals are NodeErrors (AUTH_FAILED, RATE_LIMITED with the vendor's delay, VENDOR_UNAVAILABLE,
 * VENDOR_ERROR); each answer has `usage_metadata` and, for a priced model, `response_metadata.costUsd`.
 * The SDKs never retry (`maxRetries: 0`): the activity's retry policy does, after the vendor's delay.
 *
 * @example
 * const model = createChatModel({ provider: 'openai', model: 'gpt-4o-mini' }, { credentials, outbound, signal });
 * const answer = await model.bindTools!([{ name: 'find_contact', description: '…', schema }]).invoke(messages);
 */
export function createChatModel(spec: ChatModelSpec, deps: ChatModelDeps): BaseChatModel {
  const options = spec as Exclude<ChatModelSpec, { provider: 'local' }>;
  const tuning = {
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  };
  // No LLM connection: the embedded model, on this machine (no outbound request, no credentials).
  if (spec.provider === 'local') return new LocalChatModel(tuning);
  const connector = LLM_CONNECTORS[options.provider];
  if (!connector) {
    throw new NodeError(
      NodeErrorCode.INVALID_PARAMS,
      `no LLM connection type "${options.provider}" (one of ${Object.keys(LLM_CONNECTORS).join(', ')})`,
    );
  }
  const values = resolveCredentials(connector, deps.credentials).values as Record<string, string>;
  const model =
    options.model || (connector.port as LlmPort<Record<string, string>>).defaultModel(values);
  const base = deps.baseUrl ?? connector.connection.baseUrl(values as never);
  const apiKey = values.apiKey ?? '';
  const secrets = apiKey ? [apiKey] : [];
  const fetch = modelFetch({
    title: connector.title,
    host: new URL(base).host,
    outbound: deps.outbound,
    signal: deps.signal,
    secrets,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dropAuthorization: connector.id === 'openai_compatible' && !apiKey,
  });
  const common = { maxRetries: 0, ...tuning };
  const inner = vendorModel(connector.id, { model, base, apiKey, values, fetch, common });
  return new GuardedChatModel(inner, {
    provider: connector.id,
    title: connector.title,
    model,
    signal: deps.signal,
    secrets,
    ...(connector.id === 'gemini' ? { history: geminiHistory } : {}),
  });
}

interface VendorArgs {
  model: string;
  base: string;
  apiKey: string;
  values: Record<string, string>;
  fetch: ReturnType<typeof modelFetch>;
  common: { maxRetries: number; temperature?: number; maxTokens?: number };
}

// Each SDK's own option for its fetch: OpenAI's `configuration.fetch`, Anthropic's
// `clientOptions.fetch`, the Groq SDK's `fetch`. @langchain/google-genai takes none (its
// @google/generative-ai client calls the global fetch), so Gemini uses @langchain/google's
// ChatGoogle, whose `apiClient` performs every request and is ours.
function vendorModel(provider: string, a: VendorArgs): BaseChatModel {
  switch (provider) {
    case 'openai':
    case 'openai_compatible':
      return new ChatOpenAI({
        ...a.common,
        model: a.model,
        // The SDK insists on a key; without one modelFetch drops the header it makes of it.
        apiKey: a.apiKey || 'unused',
        useResponsesApi: false,
        streamUsage: true,
        configuration: { baseURL: a.base, fetch: a.fetch },
      });
    case 'azure_openai':
      return new AzureChatOpenAI({
        ...a.common,
        model: a.model,
        azureOpenAIApiKey: a.apiKey,
        azureOpenAIEndpoint: a.base,
        azureOpenAIApiDeploymentName: a.values.deployment,
        azureOpenAIApiVersion: a.values.apiVersion,
        streamUsage: true,
        configuration: { fetch: a.fetch },
      });
    case 'anthropic':
      return new ChatAnthropic({
        ...a.common,
        model: a.model,
        apiKey: a.apiKey,
        anthropicApiUrl: a.base,
        clientOptions: { fetch: a.fetch },
      });
    case 'groq':
      return new ChatGroq({
        ...a.common,
        model: a.model,
        apiKey: a.apiKey,
        baseUrl: a.base,
        fetch: a.fetch,
      });
    case 'gemini':
      return new ChatGoogle({
        ...a.common,
        model: a.model,
        platformType: 'gai',
        endpoint: new URL(a.base).host,
        apiVersion: GEMINI_API_VERSION,
        apiClient: geminiClient(a.apiKey, a.base, a.fetch),
      });
    default:
      throw new NodeError(NodeErrorCode.INVALID_PARAMS, `no chat model for "${provider}"`);
  }
}
