import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChatModel, type ChatModelSpec } from '../../src/agents/models/index.js';
import { testConnection } from '../../src/connectors/executors.js';
import { builtinConnectors, findConnector } from '../../src/connectors/index.js';
import { acceptsConnection } from '../../src/connectors/sdk/index.js';
import { LLM_CONNECTION_TYPE } from '../../src/agents/agent-node.js';
import { NodeError } from '../../src/node-error.js';
import { replay } from '../support/fixtures.js';
import { boston, nodeErrorOf, weatherTool } from '../support/llm.js';
import { startVendor } from '../support/vendor-server.js';

// Each LLM connection against exchanges recorded from its vendor's API documentation
// (fixtures/llm/<vendor>/, each naming its page): the request LangChain's chat model sends through
// the guarded fetch (URL, auth header, tools, tool results) is asserted in full by `replay`, and
// what comes back (tool calls, usage, cost, errors) is what an agent sees.

type Vendor = Awaited<ReturnType<typeof replay>>;

/**
 * An answer as the agent loop sends it back next turn: rebuilt from the plain-JSON AgentMessage
 * (its text and tool calls), not the vendor's own message object.
 */
function asTheLoopSendsIt(answer: AIMessage): AIMessage {
  const text =
    typeof answer.content === 'string'
      ? answer.content
      : answer.content.map((part) => (part.type === 'text' ? String(part.text) : '')).join('');
  return new AIMessage({
    content: text,
    tool_calls: (answer.tool_calls ?? []).map((c) => ({ ...c, type: 'tool_call' as const })),
  });
}

function vendorSuite(
  id: string,
  secret: Record<string, unknown>,
  key: string,
  baseUrl: (vendor: Vendor) => string | undefined,
) {
  let vendor: Vendor;
  beforeAll(async () => {
    vendor = await replay(`llm/${id}`);
  });
  afterAll(() => vendor.close());
  const connector = findConnector(id)!;
  const deps = () => {
    const base = baseUrl(vendor);
    return {
      credentials: secret,
      outbound: vendor.outbound,
      signal: new AbortController().signal,
      ...(base ? { baseUrl: base } : {}),
    };
  };
  const model = (spec: Partial<ChatModelSpec> = {}) =>
    createChatModel({ provider: id, ...spec }, deps());
  const expectRefusal = async (run: Promise<unknown>, expected: Partial<NodeError>) => {
    const error = await nodeErrorOf(run);
    expect(error).toMatchObject(expected);
    expect(error.message).not.toContain(key);
    return error;
  };
  return { vendor: () => vendor, connector, deps, model, expectRefusal };
}

describe('OpenAI', () => {
  const key = 'sk-test-0123456789abcdef';
  const secret = { connector: 'openai', method: 'api_key', apiKey: key };
  const s = vendorSuite('openai', secret, key, (v) => `${v.url}/v1`);

  test('is an llm connection whose Test connection lists the models with the key', async () => {
    expect(s.connector.category).toBe('llm');
    s.vendor().expect('list-models');
    expect(await testConnection(s.connector, secret, s.deps())).toEqual({ ok: true });
    s.vendor().done();
  });

  test('a refused key fails the test and the call with AUTH_FAILED, the key cut from the message', async () => {
    s.vendor().expect('unauthorized');
    const result = await testConnection(s.connector, secret, s.deps());
    expect(result).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    s.vendor().done();
    s.vendor().expect('unauthorized-chat');
    const error = await s.expectRefusal(s.model().invoke([boston]), {
      code: 'AUTH_FAILED',
      retryable: false,
    });
    // The vendor's 401 names a masked key; neither it nor the real one reaches the message.
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    expect(error.message).not.toMatch(/sk-test/);
    s.vendor().done();
  });

  test('a tool call comes back parsed with its usage and cost, and the tool result goes back', async () => {
    s.vendor().expect('tool-call', 'tool-result');
    const bound = s.model().bindTools!([weatherTool]);
    const call = (await bound.invoke([boston])) as AIMessage;
    expect(call.tool_calls).toEqual([
      {
        type: 'tool_call',
        id: 'call_abc123',
        name: 'get_current_weather',
        args: { location: 'Boston, MA' },
      },
    ]);
    expect(call.usage_metadata).toMatchObject({ input_tokens: 82, output_tokens: 17 });
    // gpt-4o-mini: $0.15 in, $0.60 out per 1M tokens.
    expect(call.response_metadata.costUsd).toBeCloseTo((82 * 0.15 + 17 * 0.6) / 1e6, 12);
    const answer = await bound.invoke([
      boston,
      asTheLoopSendsIt(call),
      new ToolMessage({
        tool_call_id: 'call_abc123',
        content: '{"temperature":22,"unit":"celsius","sky":"sunny"}',
      }),
    ]);
    expect(answer.content).toBe('It is 22 °C and sunny in Boston today.');
    expect(answer.response_metadata.costUsd).toBeCloseTo((121 * 0.15 + 12 * 0.6) / 1e6, 12);
    s.vendor().done();
  });

  test('429 is RATE_LIMITED after the vendor’s Retry-After; 500 is VENDOR_UNAVAILABLE; neither is retried by the SDK', async () => {
    s.vendor().expect('rate-limited');
    await s.expectRefusal(s.model().invoke([boston]), {
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterMs: 20_000,
    });
    s.vendor().done();
    s.vendor().expect('server-error');
    await s.expectRefusal(s.model().invoke([boston]), {
      code: 'VENDOR_UNAVAILABLE',
      retryable: true,
    });
    // One request each: a second would have found no fixture left.
    s.vendor().done();
  });
});

test('OpenAI: an answer streams token by token through the guarded fetch, usage and cost on its last chunk', async () => {
  // The createChatCompletion "Streaming" example (openai-openapi), ending with the usage chunk
  // that stream_options.include_usage asks for.
  const events = readFileSync(
    join(import.meta.dirname, '../fixtures/llm/openai/stream.sse'),
    'utf8',
  );
  const vendor = await startVendor((_request, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(events);
  });
  try {
    const model = createChatModel(
      { provider: 'openai', model: 'gpt-4o-mini' },
      {
        credentials: { connector: 'openai', method: 'api_key', apiKey: 'sk-test-stream' },
        outbound: vendor.outbound,
        signal: new AbortController().signal,
        baseUrl: `${vendor.url}/v1`,
      },
    );
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await model.stream([boston])) chunks.push(chunk);
    expect(chunks.map((c) => c.content).join('')).toBe('Hello from Boston');
    const last = chunks.reduce((a, b) => a.concat(b));
    expect(last.usage_metadata).toMatchObject({ input_tokens: 9, output_tokens: 3 });
    expect(last.response_metadata.costUsd).toBeCloseTo((9 * 0.15 + 3 * 0.6) / 1e6, 12);
    expect(JSON.parse(vendor.received[0]!.body)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  } finally {
    await vendor.close();
  }
});

describe('Azure OpenAI', () => {
  const key = '0123456789abcdef0123456789abcdef';
  const secret = {
    connector: 'azure_openai',
    method: 'api_key',
    endpoint: 'https://contoso.openai.azure.com/',
    deployment: 'gpt-4o-mini-prod',
    apiKey: key,
  };
  const s = vendorSuite('azure_openai', secret, key, (v) => v.url);

  test('the endpoint is the only host; Test connection lists models with the api-version', async () => {
    const form = s.connector.connection.auth[0]!.credentials.parse(secret);
    expect(s.connector.connection.baseUrl(form as never)).toBe('https://contoso.openai.azure.com');
    s.vendor().expect('list-models');
    expect(await testConnection(s.connector, secret, s.deps())).toEqual({ ok: true });
    s.vendor().expect('unauthorized');
    expect(await testConnection(s.connector, secret, s.deps())).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
    });
    s.vendor().done();
  });

  test('calls the deployment’s URL with api-version and the api-key header; priced by the model it answers with', async () => {
    s.vendor().expect('tool-call');
    const call = (await s.model().bindTools!([weatherTool]).invoke([boston])) as AIMessage;
    expect(call.tool_calls?.[0]).toMatchObject({
      id: 'call_abc123',
      name: 'get_current_weather',
      args: { location: 'Boston, MA' },
    });
    expect(call.usage_metadata).toMatchObject({ input_tokens: 82, output_tokens: 17 });
    expect(call.response_metadata.costUsd).toBeCloseTo((82 * 0.15 + 17 * 0.6) / 1e6, 12);
    s.vendor().done();
  });

  test('429 waits the Retry-After Azure sends', async () => {
    s.vendor().expect('rate-limited');
    await s.expectRefusal(s.model().invoke([boston]), {
      code: 'RATE_LIMITED',
      retryAfterMs: 6_000,
    });
    s.vendor().done();
  });
});

describe('Groq', () => {
  const key = 'gsk_test0123456789abcdef';
  const secret = { connector: 'groq', method: 'api_key', apiKey: key };
  const s = vendorSuite('groq', secret, key, (v) => v.url);

  test('OpenAI’s shape under /openai/v1: models, a tool call with usage and cost, 429', async () => {
    s.vendor().expect('list-models');
    expect(await testConnection(s.connector, secret, s.deps())).toEqual({ ok: true });
    s.vendor().expect('tool-call');
    const call = (await s.model().bindTools!([weatherTool]).invoke([boston])) as AIMessage;
    expect(call.tool_calls?.[0]).toMatchObject({
      id: 'call_d5wg',
      name: 'get_current_weather',
      args: { location: 'Boston, MA', unit: 'celsius' },
    });
    expect(call.usage_metadata).toMatchObject({ input_tokens: 254, output_tokens: 24 });
    expect(call.response_metadata.costUsd).toBeCloseTo((254 * 0.59 + 24 * 0.79) / 1e6, 12);
    s.vendor().expect('rate-limited');
    await s.expectRefusal(s.model().invoke([boston]), {
      code: 'RATE_LIMITED',
      retryAfterMs: 2_000,
    });
    s.vendor().done();
  });
});

describe('Anthropic', () => {
  const key = 'sk-ant-api03-test0123456789';
  const secret = { connector: 'anthropic', method: 'api_key', apiKey: key };
  const s = vendorSuite('anthropic', secret, key, (v) => v.url);
  // Anthropic's own example tool, given as a JSON Schema (as agent tools are).
  const getWeather = {
    name: 'get_weather',
    description: 'Get the current weather in a given location',
    schema: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: {
          type: 'string',
          enum: ['celsius', 'fahrenheit'],
          description: "The unit of temperature, either 'celsius' or 'fahrenheit'",
        },
      },
      required: ['location'],
    },
  };
  const sf = new HumanMessage('What is the weather like in San Francisco?');

  test('Test connection lists models with x-api-key and anthropic-version; a bad key is AUTH_FAILED', async () => {
    s.vendor().expect('list-models', 'unauthorized');
    expect(await testConnection(s.connector, secret, s.deps())).toEqual({ ok: true });
    expect(await testConnection(s.connector, secret, s.deps())).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
      message: 'HTTP 401: invalid x-api-key',
    });
    s.vendor().done();
  });

  test('a tool_use block is a tool call; the result goes back as a tool_result block', async () => {
    s.vendor().expect('tool-use', 'tool-result');
    const bound = s.model().bindTools!([getWeather]);
    const call = (await bound.invoke([sf])) as AIMessage;
    expect(call.tool_calls).toEqual([
      {
        type: 'tool_call',
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        args: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ]);
    expect(call.usage_metadata).toMatchObject({ input_tokens: 384, output_tokens: 68 });
    // claude-3-5-haiku: $0.80 in, $4 out per 1M tokens.
    expect(call.response_metadata.costUsd).toBeCloseTo((384 * 0.8 + 68 * 4) / 1e6, 12);
    const answer = await bound.invoke([
      sf,
      asTheLoopSendsIt(call),
      new ToolMessage({ tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '15 degrees' }),
    ]);
    expect(answer.content).toContain('15 degrees Celsius');
    s.vendor().done();
  });

  test('429 is RATE_LIMITED after retry-after; 529 overloaded is VENDOR_UNAVAILABLE', async () => {
    s.vendor().expect('rate-limited');
    await s.expectRefusal(s.model().invoke([sf]), { code: 'RATE_LIMITED', retryAfterMs: 15_000 });
    s.vendor().expect('overloaded');
    await s.expectRefusal(s.model().invoke([sf]), {
      code: 'VENDOR_UNAVAILABLE',
      retryable: true,
      message: 'Anthropic answered HTTP 529: Overloaded',
    });
    s.vendor().done();
  });
});

describe('Google Gemini', () => {
  const key = 'AIzaSyTest0123456789';
  const secret = { connector: 'gemini', method: 'api_key', apiKey: key };
  const s = vendorSuite('gemini', secret, key, (v) => v.url);
  const findTheaters = {
    name: 'find_theaters',
    description:
      'find theaters based on location and optionally movie title which is currently playing in theaters',
    schema: {
      type: 'object',
      properties: {
        location: {
          type: 'string',
          description: 'The city and state, e.g. San Francisco, CA or a zip code e.g. 95616',
        },
        movie: { type: 'string', description: 'Any movie title' },
      },
      required: ['location'],
    },
  };
  const barbie = new HumanMessage('Which theaters in Mountain View show Barbie movie?');

  test('Test connection lists models with x-goog-api-key; Gemini’s 400 API_KEY_INVALID is AUTH_FAILED', async () => {
    s.vendor().expect('list-models');
    expect(await testConnection(s.connector, secret, s.deps())).toEqual({ ok: true });
    s.vendor().expect('invalid-key');
    await s.expectRefusal(s.model().invoke([barbie]), {
      code: 'AUTH_FAILED',
      message: 'Google Gemini answered HTTP 400: API key not valid. Please pass a valid API key.',
    });
    s.vendor().done();
  });

  test('a functionCall part is a tool call; the result goes back as a functionResponse part', async () => {
    s.vendor().expect('function-call', 'function-response');
    const bound = s.model().bindTools!([findTheaters]);
    const call = (await bound.invoke([barbie])) as AIMessage;
    expect(call.tool_calls).toHaveLength(1);
    expect(call.tool_calls?.[0]).toMatchObject({
      name: 'find_theaters',
      args: { movie: 'Barbie', location: 'Mountain View, CA' },
    });
    expect(call.usage_metadata).toMatchObject({ input_tokens: 77, output_tokens: 19 });
    // gemini-2.0-flash: $0.10 in, $0.40 out per 1M tokens.
    expect(call.response_metadata.costUsd).toBeCloseTo((77 * 0.1 + 19 * 0.4) / 1e6, 12);
    const answer = await bound.invoke([
      barbie,
      asTheLoopSendsIt(call),
      new ToolMessage({
        tool_call_id: call.tool_calls![0]!.id!,
        content: JSON.stringify({
          movie: 'Barbie',
          theaters: [
            {
              name: 'AMC Mountain View 16',
              address: '2000 W El Camino Real, Mountain View, CA 94040',
            },
            { name: 'Regal Edwards 14', address: '245 Castro St, Mountain View, CA 94040' },
          ],
        }),
      }),
    ]);
    expect(answer.content).toContain('AMC Mountain View 16');
    s.vendor().done();
  });

  test('429 RESOURCE_EXHAUSTED waits the RetryInfo delay', async () => {
    s.vendor().expect('rate-limited');
    await s.expectRefusal(s.model().invoke([barbie]), {
      code: 'RATE_LIMITED',
      retryAfterMs: 34_000,
    });
    s.vendor().done();
  });
});

test('an agent node takes any LLM connection as its model, and no other connection', () => {
  const llm = builtinConnectors.filter((c) => acceptsConnection(LLM_CONNECTION_TYPE, c));
  expect(llm.map((c) => c.id).sort()).toEqual([
    'anthropic',
    'azure_openai',
    'gemini',
    'groq',
    'openai',
    'openai_compatible',
  ]);
  expect(llm.every((c) => c.category === 'llm' && c.operations.length === 0)).toBe(true);
});
