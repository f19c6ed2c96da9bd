import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type {
  BaseLanguageModelInput,
  StructuredOutputMethodOptions,
  ToolDefinition,
} from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import {
  assembleStructuredOutputPipeline,
  createContentParser,
} from '@langchain/core/language_models/structured_output';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import type { SerializableSchema } from '@langchain/core/utils/standard_schema';
import type { InteropZodType } from '@langchain/core/utils/types';
import { randomUUID } from 'node:crypto';
import type { ChatHistoryItem, GbnfJsonSchema } from 'node-llama-cpp';
import { localModelEngine } from './engine.js';
import { dropAbsentOptionals, toGrammarSchema, type JsonSchema } from './grammar-schema.js';
import { toChatHistory } from './history.js';
import { localModelSettings } from './model-file.js';
import {
  readRouterAnswer,
  routedAnswerReader,
  routerInstructions,
  routerSchema,
  type RouterChoice,
  type RouterTool,
} from './router.js';

export interface LocalChatModelCallOptions extends BaseChatModelCallOptions {
  /** Set by `bindTools`: each turn then calls one of them or answers, through the grammar router. */
  tools?: RouterTool[];
  /** Set by `withStructuredOutput`: the answer is JSON matching this schema. */
  responseSchema?: JsonSchema;
}

export interface LocalChatModelFields extends BaseChatModelParams {
  /** A GGUF file; by default BIZOSAAS_LOCAL_MODEL_PATH, else the file `npm run up` installs. */
  modelPath?: string;
  /** CPU threads; by default BIZOSAAS_LOCAL_MODEL_THREADS, else 2. */
  threads?: number;
  /** Most tokens one turn may generate (at ~15 tokens/s on two cores, 512 is about half a minute). */
  maxTokens?: number;
  /** 0 (the default) always takes the likeliest token, so a turn is repeatable. */
  temperature?: number;
}

const DEFAULT_MAX_TOKENS = 512;

/**
 * A LangChain chat model over the embedded local model, the one an agent uses when its tenant has
 * no LLM connection. `bindTools` makes every turn either one tool call or an answer, chosen under
 * a JSON-schema grammar (see router.ts); `withStructuredOutput` constrains the answer to the
 * schema the same way. All instances in a process share one loaded model (engine.ts), whose calls
 * queue; an aborted signal stops a call while it waits or generates.
 *
 * @example
 * const model = new LocalChatModel().bindTools([findContactTool]);
 * const reply = await model.invoke('Find jane@acme.com in the CRM'); // reply.tool_calls[0].name
 */
export class LocalChatModel extends BaseChatModel<LocalChatModelCallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return 'LocalChatModel';
  }

  readonly modelPath: string;
  readonly threads: number;
  readonly maxTokens: number;
  readonly temperature: number;

  constructor(fields: LocalChatModelFields = {}) {
    super(fields);
    const settings = localModelSettings();
    this.modelPath = fields.modelPath ?? settings.modelPath;
    this.threads = fields.threads ?? settings.threads;
    this.maxTokens = fields.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.temperature = fields.temperature ?? 0;
  }

  _llmType(): string {
    return 'bizosaas-local';
  }

  /** Loads the model now rather than on the first call; resolves to how long its load took, in ms. */
  async warmUp(): Promise<number> {
    return this.engine().load();
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<LocalChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, LocalChatModelCallOptions> {
    return this.withConfig({ tools: tools.map(toRouterTool), ...kwargs });
  }

  override withStructuredOutput<
    RunOutput extends Record<string, unknown> = Record<string, unknown>,
  >(
    outputSchema:
      InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;
  override withStructuredOutput<
    RunOutput extends Record<string, unknown> = Record<string, unknown>,
  >(
    outputSchema:
      InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;
  override withStructuredOutput<
    RunOutput extends Record<string, unknown> = Record<string, unknown>,
  >(
    outputSchema:
      InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<boolean>,
  ):
    | Runnable<BaseLanguageModelInput, RunOutput>
    | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    const responseSchema = toJsonSchema(outputSchema as InteropZodType<RunOutput>) as JsonSchema;
    const llm = this.withConfig({ responseSchema });
    return assembleStructuredOutputPipeline(
      llm,
      createContentParser(outputSchema),
      config?.includeRaw,
    );
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const message = await this.turn(
      messages,
      options,
      (text) => void runManager?.handleLLMNewToken(text),
    );
    const usage = message.usage_metadata!;
    return {
      generations: [{ text: message.text, message }],
      llmOutput: {
        tokenUsage: {
          promptTokens: usage.input_tokens,
          completionTokens: usage.output_tokens,
          totalTokens: usage.total_tokens,
        },
      },
    };
  }

  /**
   * Streams an answer's text as it is decoded: a plain answer, or the text of a routed answer (the
   * router's JSON around it is not shown). A tool call or a structured answer is JSON that means
   * nothing until complete, so it comes as one chunk at the end.
   */
  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const pending: string[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    const turn = this.turn(messages, options, (text) => {
      pending.push(text);
      wake?.();
    }).finally(() => {
      finished = true;
      wake?.();
    });
    turn.catch(() => undefined);
    let streamed = '';
    for (;;) {
      const text = pending.shift();
      if (text !== undefined) {
        streamed += text;
        yield new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
        await runManager?.handleLLMNewToken(text);
      } else if (finished) {
        break;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
    const message = await turn;
    // A tool call or a structured answer was not streamed: it comes whole here.
    const rest = message.text.startsWith(streamed) ? message.text.slice(streamed.length) : '';
    yield new ChatGenerationChunk({
      text: rest,
      message: new AIMessageChunk({
        content: rest,
        tool_call_chunks: (message.tool_calls ?? []).map((call, index) => ({
          type: 'tool_call_chunk',
          id: call.id,
          name: call.name,
          args: JSON.stringify(call.args),
          index,
        })),
        usage_metadata: message.usage_metadata,
        response_metadata: message.response_metadata,
      }),
    });
  }

  /**
   * One model turn: a routed tool call or answer, a structured answer, or plain text. The text a
   * reader would see (plain text, a routed answer's) goes to `onText` as it is decoded.
   */
  private async turn(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    onText: (text: string) => void,
  ): Promise<AIMessage> {
    const plan = planTurn(messages, options);
    const read = plan.kind === 'routed' ? routedAnswerReader() : undefined;
    const generation = await this.engine().generate({
      history: plan.history,
      ...(plan.schema ? { schema: plan.schema } : {}),
      maxTokens: this.maxTokens,
      temperature: this.temperature,
      signal: options.signal,
      ...(plan.kind === 'structured'
        ? {}
        : {
            onText: read
              ? (chunk: string) => {
                  const text = read(chunk);
                  if (text) onText(text);
                }
              : onText,
          }),
    });
    let message: AIMessage;
    if (plan.kind === 'structured') {
      // Optional properties the grammar made nullable come back absent, as the schema has them.
      const value = dropAbsentOptionals(generation.parsed, options.responseSchema);
      message = new AIMessage({ content: JSON.stringify(value) });
    } else if (plan.kind === 'routed') {
      const answer = readRouterAnswer(generation.parsed, plan.tools);
      message =
        answer.kind === 'call'
          ? new AIMessage({
              content: '',
              tool_calls: [
                {
                  id: `call_${randomUUID()}`,
                  name: answer.name,
                  args: answer.args,
                  type: 'tool_call',
                },
              ],
            })
          : new AIMessage({ content: answer.text });
    } else {
      message = new AIMessage({ content: generation.text });
    }
    message.usage_metadata = {
      input_tokens: generation.promptTokens,
      output_tokens: generation.outputTokens,
      total_tokens: generation.promptTokens + generation.outputTokens,
      input_token_details: { cache_read: generation.cachedPromptTokens },
    };
    message.response_metadata = {
      model_provider: 'local',
      model_name: 'local',
      stop_reason: generation.stopReason,
    };
    return message;
  }

  private engine() {
    return localModelEngine({ modelPath: this.modelPath, threads: this.threads });
  }
}

/**
 * What a turn asks of the model, from its call options. `structured`: JSON matching the response
 * schema (`withStructuredOutput`, or an agent's output schema when it has no tools), held to it by
 * the grammar; `routed`: one tool call or an answer, under the router's grammar; `plain`: text.
 */
export interface TurnPlan {
  kind: 'structured' | 'routed' | 'plain';
  history: ChatHistoryItem[];
  /** The grammar's JSON Schema, for the JSON kinds. */
  schema?: GbnfJsonSchema;
  /** The tools a routed turn may call. */
  tools: RouterTool[];
}

export function planTurn(
  messages: BaseMessage[],
  options: Pick<LocalChatModelCallOptions, 'tools' | 'tool_choice' | 'responseSchema'>,
): TurnPlan {
  if (options.responseSchema) {
    return {
      kind: 'structured',
      history: toChatHistory(messages),
      schema: toGrammarSchema(options.responseSchema),
      tools: [],
    };
  }
  const choice = routerChoice(options.tool_choice);
  const tools = choice === undefined ? [] : (options.tools ?? []);
  if (tools.length > 0 && choice !== undefined) {
    return {
      kind: 'routed',
      history: toChatHistory(messages, routerInstructions(tools, choice)),
      schema: routerSchema(tools, choice),
      tools,
    };
  }
  return { kind: 'plain', history: toChatHistory(messages), tools: [] };
}

function toRouterTool(tool: BindToolsInput): RouterTool {
  const { function: definition } = convertToOpenAITool(tool) as ToolDefinition;
  return {
    name: definition.name,
    description: definition.description ?? '',
    parameters: (definition.parameters ?? {}) as JsonSchema,
  };
}

/** LangChain's tool_choice as the router's; undefined for "none" (answer without tools). */
function routerChoice(
  toolChoice: BaseChatModelCallOptions['tool_choice'],
): RouterChoice | undefined {
  if (toolChoice === undefined || toolChoice === 'auto') return { kind: 'auto' };
  if (toolChoice === 'none') return undefined;
  if (toolChoice === 'any' || toolChoice === 'required') return { kind: 'any' };
  if (typeof toolChoice === 'string') return { kind: 'tool', name: toolChoice };
  const named = (toolChoice as { function?: { name?: unknown } }).function?.name;
  return typeof named === 'string' ? { kind: 'tool', name: named } : { kind: 'auto' };
}
