import type { TokenUsage } from '../messages.js';

/** USD per 1M tokens, input then output. */
type Price = readonly [input: number, output: number];

// List prices per 1M tokens (standard tier, no caching or batch discount) as the vendors' pricing
// pages gave them in mid-2025 (dated 2025-08; not re-read since, this machine has no internet).
// Keys are model names; a dated snapshot (gpt-4o-mini-2024-07-18) takes the longest key it
// starts with (see SNAPSHOT). Self-hosted endpoints cost 0. Azure OpenAI bills its own prices per
// region; the OpenAI list price is the estimate used.
const OPENAI: Record<string, Price> = {
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
  o3: [2, 8],
  'o3-mini': [1.1, 4.4],
  'o4-mini': [1.1, 4.4],
  'gpt-4-turbo': [10, 30],
  'gpt-3.5-turbo': [0.5, 1.5],
};

export const PRICES: Record<string, Record<string, Price>> = {
  openai: OPENAI,
  azure_openai: OPENAI,
  anthropic: {
    'claude-opus-4': [15, 75],
    'claude-sonnet-4': [3, 15],
    'claude-3-7-sonnet': [3, 15],
    'claude-3-5-sonnet': [3, 15],
    'claude-3-5-haiku': [0.8, 4],
    'claude-3-haiku': [0.25, 1.25],
    'claude-3-opus': [15, 75],
  },
  gemini: {
    'gemini-2.5-pro': [1.25, 10],
    'gemini-2.5-flash': [0.3, 2.5],
    'gemini-2.5-flash-lite': [0.1, 0.4],
    'gemini-2.0-flash': [0.1, 0.4],
    'gemini-2.0-flash-lite': [0.075, 0.3],
    'gemini-1.5-pro': [1.25, 5],
    'gemini-1.5-flash': [0.075, 0.3],
  },
  groq: {
    'llama-3.3-70b-versatile': [0.59, 0.79],
    'llama-3.1-8b-instant': [0.05, 0.08],
    'openai/gpt-oss-120b': [0.15, 0.75],
    'openai/gpt-oss-20b': [0.1, 0.5],
    'gemma2-9b-it': [0.2, 0.2],
  },
};

const FREE = new Set(['local', 'openai_compatible']);

/**
 * What a call cost in US dollars, from the price table; `undefined` when the model is not in it
 * (an unknown price is not a free one). The local model and self-hosted endpoints cost 0.
 *
 * @example
 * estimateCostUsd('openai', 'gpt-4o-mini-2024-07-18', { inputTokens: 1000, outputTokens: 200 }); // 0.00027
 */
export function estimateCostUsd(
  provider: string,
  model: string,
  usage: TokenUsage,
): number | undefined {
  const price = priceOf(provider, model);
  if (!price) return undefined;
  return (
    (usage.inputTokens * price.inputUsdPerMTok + usage.outputTokens * price.outputUsdPerMTok) /
    1_000_000
  );
}

// What may follow a priced name: nothing, a date or version (-2024-07-18, -20241022, -001), -latest,
// a -preview tag, or an Ollama-style :tag. "gpt-4o-minimal" is not gpt-4o.
const SNAPSHOT = /^(|-\d[\d-]*|-latest|-preview[\w-]*|:.+)$/;

function lookup(provider: string, model: string): Price | undefined {
  const table = PRICES[provider];
  if (!table) return undefined;
  const name = model.toLowerCase().replace(/^models\//, '');
  const key = Object.keys(table)
    .filter((prefix) => name.startsWith(prefix) && SNAPSHOT.test(name.slice(prefix.length)))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

/** A model's list price, USD per million tokens in and out; `undefined` when not in the table. */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export function priceOf(provider: string, model: string): ModelPrice | undefined {
  if (FREE.has(provider)) return { inputUsdPerMTok: 0, outputUsdPerMTok: 0 };
  const price = lookup(provider, model);
  return price && { inputUsdPerMTok: price[0], outputUsdPerMTok: price[1] };
}
