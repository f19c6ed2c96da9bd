import { open, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { NodeError, NodeErrorCode } from '../../node-error.js';

/**
 * Where the local model's GGUF file is, and whether it is usable. `npm run up` and `npm test`
 * install the default file (scripts/lib/bootstrap.sh, which pins its size and sha256); an operator
 * may point `BIZOSAAS_LOCAL_MODEL_PATH` at any GGUF file instead. The settings are read from the
 * environment here rather than passed down, so every process that runs an agent (worker, server
 * chat, bench, tests) finds the same file without each caller threading it through.
 */
export const DEFAULT_MODEL_FILE = 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf';
export const DEFAULT_MODEL_BYTES = 1_117_320_768;
const DEFAULT_THREADS = 2;
const GGUF_MAGIC = 'GGUF';

export const INSTALL_HINT =
  'Install it with `npm run up` (or `npm test`), which downloads it unless BIZOSAAS_SKIP_LOCAL_MODEL=1 is set; ' +
  'or set BIZOSAAS_LOCAL_MODEL_PATH to a GGUF file, or give the agent an LLM connection.';

export interface LocalModelSettings {
  modelPath: string;
  /** CPU threads for decoding. */
  threads: number;
}

export function defaultModelPath(): string {
  return fileURLToPath(new URL(`../../../../.data/models/${DEFAULT_MODEL_FILE}`, import.meta.url));
}

export function localModelSettings(
  env: Record<string, string | undefined> = process.env,
): LocalModelSettings {
  const threads = Number(env.BIZOSAAS_LOCAL_MODEL_THREADS ?? DEFAULT_THREADS);
  return {
    modelPath: env.BIZOSAAS_LOCAL_MODEL_PATH || defaultModelPath(),
    threads: Number.isInteger(threads) && threads > 0 ? threads : DEFAULT_THREADS,
  };
}

/** Fails with LOCAL_MODEL_UNAVAILABLE, saying what to do, when the file is missing or not a GGUF model. */
export async function checkModelFile(modelPath: string): Promise<void> {
  const info = await stat(modelPath).catch(() => undefined);
  if (!info?.isFile()) {
    throw unavailable(`The local model file is missing (${modelPath}). ${INSTALL_HINT}`);
  }
  const handle = await open(modelPath, 'r');
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString('latin1') !== GGUF_MAGIC) {
    throw corrupt(modelPath, 'it does not start with the GGUF header');
  }
  if (modelPath === defaultModelPath() && info.size !== DEFAULT_MODEL_BYTES) {
    throw corrupt(modelPath, `it has ${info.size} bytes, the model has ${DEFAULT_MODEL_BYTES}`);
  }
}

export function corrupt(modelPath: string, why: string, cause?: unknown): NodeError {
  return unavailable(
    `The local model file is corrupt: ${why} (${modelPath}). Delete it and run \`npm run up\` to download it again, ` +
      'or set BIZOSAAS_LOCAL_MODEL_PATH to another GGUF file.',
    cause,
  );
}

export function unavailable(message: string, cause?: unknown): NodeError {
  return new NodeError(NodeErrorCode.LOCAL_MODEL_UNAVAILABLE, message, { retryable: false, cause });
}
