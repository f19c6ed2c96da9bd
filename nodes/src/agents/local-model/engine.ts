import type {
  ChatHistoryItem,
  GbnfJsonSchema,
  Llama,
  LlamaChat,
  LlamaContextSequence,
  LlamaJsonSchemaGrammar,
} from 'node-llama-cpp';
import { checkModelFile, corrupt, unavailable, type LocalModelSettings } from './model-file.js';

/**
 * The local model of this process: node-llama-cpp's prebuilt CPU binary running one GGUF file,
 * loaded on first use (about 4 s for the default 1.5B model) and kept for the life of the process,
 * with one context whose single sequence every call reuses (a follow-up turn evaluates only the
 * tokens after the common prefix). llama.cpp decodes one sequence at a time on the given threads,
 * so generations queue here and run one after another.
 */

export interface GenerateRequest {
  history: ChatHistoryItem[];
  /** Constrains the answer to JSON matching this schema (the tool router, structured output). */
  schema?: GbnfJsonSchema;
  maxTokens: number;
  temperature: number;
  signal?: AbortSignal;
  onText?: (text: string) => void;
  /** Called with the number of tokens each decoding step produced. */
  onTokens?: (count: number) => void;
}

export interface Generation {
  text: string;
  /** The grammar's parse of `text` when a schema was given. */
  parsed?: unknown;
  /** Tokens of the whole prompt, of them those reused from the previous call, and generated. */
  promptTokens: number;
  cachedPromptTokens: number;
  outputTokens: number;
  stopReason: string;
}

/** Context window of the shared sequence: room for a persona, a dozen tool schemas and some steps. */
const CONTEXT_SIZE = 8192;
const GRAMMAR_CACHE_SIZE = 32;

type SchemaGrammar = LlamaJsonSchemaGrammar<GbnfJsonSchema>;

interface Loaded {
  llama: Llama;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  loadMs: number;
}

export class LocalModelEngine {
  private loaded: Promise<Loaded> | undefined;
  private tail: Promise<void> = Promise.resolve();
  private readonly grammars = new Map<string, Promise<SchemaGrammar>>();

  constructor(readonly settings: LocalModelSettings) {}

  /** Loads the model if this process has not yet; resolves to how long that load took, in ms. */
  async load(): Promise<number> {
    return (await this.ensureLoaded()).loadMs;
  }

  async generate(request: GenerateRequest): Promise<Generation> {
    return this.inTurn(request.signal, async () => {
      const { llama, sequence, chat } = await this.ensureLoaded();
      const grammar = request.schema ? await this.grammar(llama, request.schema) : undefined;
      const before = sequence.tokenMeter.getState();
      const response = await chat.generateResponse(request.history, {
        ...(grammar ? { grammar } : {}),
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onText ? { onTextChunk: request.onText } : {}),
        ...(request.onTokens
          ? { onToken: (tokens: readonly unknown[]) => request.onTokens!(tokens.length) }
          : {}),
      });
      const used = sequence.tokenMeter.diff(before);
      const promptTokens = Math.max(0, sequence.contextTokens.length - used.usedOutputTokens);
      const generation: Generation = {
        text: response.response,
        promptTokens,
        cachedPromptTokens: Math.max(0, promptTokens - used.usedInputTokens),
        outputTokens: used.usedOutputTokens,
        stopReason: response.metadata.stopReason,
      };
      if (grammar) {
        if (response.metadata.stopReason === 'maxTokens') {
          throw new Error(
            `the local model's JSON answer did not fit in ${request.maxTokens} tokens`,
          );
        }
        generation.parsed = grammar.parse(response.response);
      }
      return generation;
    });
  }

  /**
   * Runs `task` once every earlier generation has finished. A caller whose signal aborts while it
   * waits leaves the queue at once (its slot passes on only after the generation ahead of it).
   */
  private async inTurn<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    const ahead = this.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.tail = ahead.then(() => mine);
    try {
      await untilAborted(ahead, signal);
      signal?.throwIfAborted();
      return await task();
    } finally {
      release();
    }
  }

  private ensureLoaded(): Promise<Loaded> {
    this.loaded ??= this.loadModel().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async loadModel(): Promise<Loaded> {
    const started = performance.now();
    const { modelPath, threads } = this.settings;
    await checkModelFile(modelPath);
    const { getLlama, LlamaChat, LlamaLogLevel } = await import('node-llama-cpp').catch(
      (error: unknown) => {
        throw unavailable(
          'node-llama-cpp is not installed: run `npm run up` to install the npm packages.',
          error,
        );
      },
    );
    // The prebuilt CPU binary only: never a GPU probe, a source download or a build.
    const llama = await getLlama({
      gpu: false,
      build: 'never',
      usePrebuiltBinaries: true,
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      maxThreads: threads,
    }).catch((error: unknown) => {
      throw unavailable(
        `node-llama-cpp found no usable prebuilt binary for ${process.platform}-${process.arch}.`,
        error,
      );
    });
    const model = await llama.loadModel({ modelPath }).catch((error: unknown) => {
      throw corrupt(modelPath, 'llama.cpp could not load it', error);
    });
    const context = await model.createContext({ contextSize: CONTEXT_SIZE, threads, sequences: 1 });
    const sequence = context.getSequence();
    return {
      llama,
      sequence,
      chat: new LlamaChat({ contextSequence: sequence }),
      loadMs: performance.now() - started,
    };
  }

  private grammar(llama: Llama, schema: GbnfJsonSchema): Promise<SchemaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema);
      grammar.catch(() => this.grammars.delete(key));
      if (this.grammars.size >= GRAMMAR_CACHE_SIZE)
        this.grammars.delete(this.grammars.keys().next().value!);
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}

function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void wait.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

const engines = new Map<string, LocalModelEngine>();

/** The process's engine for a model file: one load per file, whoever asks. */
export function localModelEngine(settings: LocalModelSettings): LocalModelEngine {
  let engine = engines.get(settings.modelPath);
  if (!engine) {
    engine = new LocalModelEngine(settings);
    engines.set(settings.modelPath, engine);
  }
  return engine;
}
