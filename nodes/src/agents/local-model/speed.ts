import { localModelEngine } from './engine.js';
import { localModelSettings, type LocalModelSettings } from './model-file.js';

export interface LocalModelSpeed {
  /** Decoding speed: tokens generated per second after the first one (prompt evaluation excluded). */
  tokensPerSecond: number;
  tokens: number;
  /** How long this process took to load the model, whenever it did. */
  loadMs: number;
  /** The process's resident memory after the run, in bytes. */
  rssBytes: number;
}

const PROMPT = 'List the months of the year, one per line, each followed by its number of days.';

/**
 * Measures the local model's decoding speed on a fixed prompt, greedy and unconstrained, so runs
 * compare: what `npm run bench -- agent` prints as "local model <n> tokens/s".
 */
export async function measureLocalModelSpeed(
  options: { tokens?: number; settings?: LocalModelSettings; signal?: AbortSignal } = {},
): Promise<LocalModelSpeed> {
  const engine = localModelEngine(options.settings ?? localModelSettings());
  const loadMs = await engine.load();
  let first = 0;
  let last = 0;
  let decoded = 0;
  await engine.generate({
    history: [
      { type: 'user', text: PROMPT },
      { type: 'model', response: [] },
    ],
    maxTokens: options.tokens ?? 64,
    temperature: 0,
    ...(options.signal ? { signal: options.signal } : {}),
    onTokens: (count) => {
      const now = performance.now();
      if (decoded === 0) first = now;
      else last = now;
      decoded += count;
    },
  });
  const seconds = (last - first) / 1000;
  return {
    tokensPerSecond: seconds > 0 ? (decoded - 1) / seconds : 0,
    tokens: decoded,
    loadMs,
    rssBytes: process.memoryUsage().rss,
  };
}
