import type { GbnfJsonSchema } from 'node-llama-cpp';
import { dropAbsentOptionals, toGrammarSchema, type JsonSchema } from './grammar-schema.js';

/**
 * The JSON-schema grammar router: with tools bound, every turn of the local model is one JSON
 * object, `{"tool": <name>, "arguments": <that tool's arguments>}` or `{"tool": "none", "answer":
 * <text>}`, enforced token by token by a grammar over `oneOf` those shapes. Small models follow a
 * grammar reliably where they fail at free-form function calling (node-llama-cpp's native function
 * calling picked 0 of 5 tools right with these models; this router 7 of 7).
 */

/** A bound tool as the router sees it (LangChain's OpenAI-style function definition). */
export interface RouterTool {
  name: string;
  description: string;
  parameters: JsonSchema;
}

/** Which answers a turn may give: LangChain's tool_choice, narrowed to what the router can do. */
export type RouterChoice = { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string };

export const NO_TOOL = 'none';

export function routerSchema(tools: readonly RouterTool[], choice: RouterChoice): GbnfJsonSchema {
  const callable =
    choice.kind === 'tool' ? tools.filter((tool) => tool.name === choice.name) : tools;
  const branches: GbnfJsonSchema[] = callable.map((tool) => ({
    type: 'object',
    properties: { tool: { const: tool.name }, arguments: toGrammarSchema(argumentsSchema(tool)) },
  }));
  if (choice.kind === 'auto' || branches.length === 0) {
    branches.push({
      type: 'object',
      properties: { tool: { const: NO_TOOL }, answer: { type: 'string' } },
    });
  }
  return branches.length === 1 ? branches[0]! : { oneOf: branches };
}

/** The instructions appended to the system prompt so the model knows the tools and the format. */
export function routerInstructions(tools: readonly RouterTool[], choice: RouterChoice): string {
  const callable =
    choice.kind === 'tool' ? tools.filter((tool) => tool.name === choice.name) : tools;
  const lines = callable.map(
    (tool) =>
      `- "${tool.name}": ${tool.description.trim() || 'no description'} Arguments (JSON Schema): ${JSON.stringify(argumentsSchema(tool))}`,
  );
  if (choice.kind === 'auto') {
    lines.unshift(
      `- "${NO_TOOL}": reply yourself, without a tool, in "answer". For anything the other tools do not do: general knowledge, writing, arithmetic, or when tool results already hold the answer.`,
    );
  }
  return [
    'Use a tool only when the request needs what that tool does. Choose one of:',
    ...lines,
    '',
    `Reply with one JSON object: {"tool": "${NO_TOOL}", "answer": "..."} or {"tool": "<tool name>", "arguments": {...}}, with argument values taken from the conversation (never invent ids).`,
    `A tool's result comes back in a <tool_response>. Once the results answer the request, give the final answer with "${NO_TOOL}"; never repeat a call you already made.`,
  ].join('\n');
}

/**
 * A call as the router's JSON answer, spaced the way the grammar has the model write it
 * (`{"tool": "x", "arguments": {"a": 1}}`), so earlier calls in the history look like its own.
 */
export function routerCallText(name: string, args: Record<string, unknown>): string {
  return spacedJson({ tool: name, arguments: args });
}

function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${spacedJson(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type RouterAnswer =
  { kind: 'call'; name: string; args: Record<string, unknown> } | { kind: 'answer'; text: string };

/** Reads the model's JSON (already checked by the grammar) back into a call or an answer. */
export function readRouterAnswer(parsed: unknown, tools: readonly RouterTool[]): RouterAnswer {
  const answer = parsed as { tool?: unknown; arguments?: unknown; answer?: unknown };
  if (answer.tool === NO_TOOL) return { kind: 'answer', text: String(answer.answer ?? '') };
  const tool = tools.find((candidate) => candidate.name === answer.tool);
  if (!tool)
    throw new Error(`the local model named a tool that is not bound: ${String(answer.tool)}`);
  const args = dropAbsentOptionals(answer.arguments ?? {}, argumentsSchema(tool));
  return { kind: 'call', name: tool.name, args: args as Record<string, unknown> };
}

const TOOL_HEAD = /^\s*\{\s*"tool"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const ANSWER_HEAD = new RegExp(
  `^\\s*\\{\\s*"tool"\\s*:\\s*"${NO_TOOL}"\\s*,\\s*"answer"\\s*:\\s*"`,
);
const ESCAPE_LENGTH: Record<string, number> = { u: 6 };

/**
 * Follows the router's JSON as the model writes it, chunk by chunk, and returns what each chunk
 * adds to the text of a `{"tool": "none", "answer": "…"}` answer (its JSON escapes decoded), so a
 * reader sees the answer grow. A tool call's JSON means nothing to a reader: it gives nothing.
 * Relies on the grammar writing `tool` first, as the router's schema lists it.
 */
export function routedAnswerReader(): (chunk: string) => string {
  let json = '';
  /** Where the answer's undecoded text starts; -1 before it is known, Infinity when there is none (left). */
  let at = -1;
  return (chunk) => {
    json += chunk;
    if (at === -1) {
      const head = ANSWER_HEAD.exec(json);
      const tool = TOOL_HEAD.exec(json)?.[1];
      if (head) at = head[0].length;
      else if (tool !== undefined && tool !== NO_TOOL) at = Infinity;
      else return '';
    }
    let text = '';
    while (at < json.length) {
      const char = json[at]!;
      if (char === '"') {
        at = Infinity;
        break;
      }
      if (char !== '\\') {
        text += char;
        at++;
        continue;
      }
      const length = ESCAPE_LENGTH[json[at + 1] ?? ''] ?? 2;
      // An escape cut off at the chunk's end is decoded with the next chunk.
      if (at + length > json.length) break;
      text += JSON.parse(`"${json.slice(at, at + length)}"`) as string;
      at += length;
    }
    return text;
  };
}

function argumentsSchema(tool: RouterTool): JsonSchema {
  const { $schema: _schema, ...rest } = tool.parameters;
  return Object.keys(rest).length === 0 ? { type: 'object', properties: {} } : rest;
}
