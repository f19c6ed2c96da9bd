import type { AIMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createChatModel,
  estimateCostUsd,
  priceOf,
  usageOf,
} from '../../src/agents/models/index.js';
import { testConnection } from '../../src/connectors/executors.js';
import { findConnector } from '../../src/connectors/index.js';
import { LocalChatModel } from '../../src/agents/local-model/index.js';
import { DEFAULT_OUTBOUND_POLICY } from '../../src/http/ssrf-guard.js';
import { NodeError } from '../../src/node-error.js';
import { replay } from '../support/fixtures.js';
import { boston, nodeErrorOf, weatherTool } from '../support/llm.js';
import { startVendor } from '../support/vendor-server.js';

// What a tenant controls about an LLM connection (an OpenAI-compatible base URL) meets the same
// outbound rules as every connector: private and metadata addresses are refused unless the tenant
// opened them, and a request never leaves for a host that is not the connection's.

const never = () => new AbortController().signal;
const compatible = (baseUrl: string, apiKey?: string) => ({
  connector: 'openai_compatible',
  method: 'endpoint',
  baseUrl,
  defaultModel: 'llama3.1:8b',
  ...(apiKey ? { apiKey } : {}),
});

describe('an OpenAI-compatible endpoint (Ollama)', () => {
  let ollama: Awaited<ReturnType<typeof replay>>;
  beforeAll(async () => {
    ollama = await replay('llm/openai_compatible');
  });
  afterAll(() => ollama.close());

  test('on a private address it is refused under the default outbound policy, before any request', async () => {
    const secret = compatible(`${ollama.url}/v1`);
    const deps = { credentials: secret, outbound: DEFAULT_OUTBOUND_POLICY, signal: never() };
    const error = await nodeErrorOf(
      createChatModel({ provider: 'openai_compatible' }, deps).invoke([boston]),
    );
    expect(error.code).toBe('SSRF_REFUSED');
    expect(error.message).toContain('loopback address');
    expect(
      await testConnection(findConnector('openai_compatible')!, secret, {
        outbound: DEFAULT_OUTBOUND_POLICY,
      }),
    ).toMatchObject({ ok: false, code: 'SSRF_REFUSED' });
    expect(ollama.received).toHaveLength(0);
  });

  test('a cloud metadata address is refused even where the tenant allows private networks', async () => {
    const deps = {
      credentials: compatible('http://169.254.169.254/v1'),
      outbound: { allowPrivateNetworks: true, allowedHosts: [] },
      signal: never(),
    };
    const error = await nodeErrorOf(
      createChatModel({ provider: 'openai_compatible' }, deps).invoke([boston]),
    );
    expect(error).toMatchObject({ code: 'SSRF_REFUSED' });
    expect(error.message).toContain('cloud metadata address');
  });

  test('once the tenant allows private networks it answers, without a key and so without an Authorization header', async () => {
    const outbound = { allowPrivateNetworks: true, allowedHosts: [] };
    const secret = compatible(`${ollama.url}/v1`);
    ollama.expect('list-models', 'tool-call');
    expect(await testConnection(findConnector('openai_compatible')!, secret, { outbound })).toEqual(
      { ok: true },
    );
    const model = createChatModel(
      { provider: 'openai_compatible', model: '' },
      { credentials: secret, outbound, signal: never() },
    );
    const call = (await model.bindTools!([weatherTool]).invoke([boston])) as AIMessage;
    ollama.done();
    expect(call.tool_calls?.[0]).toMatchObject({
      id: 'call_x2k1mq9e',
      name: 'get_current_weather',
      args: { location: 'Boston, MA' },
    });
    expect(usageOf(call)).toEqual({ inputTokens: 190, outputTokens: 22 });
    // A self-hosted model costs nothing.
    expect(call.response_metadata.costUsd).toBe(0);
    expect(ollama.received.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });
});

describe('every request', () => {
  test('stops when the call is cancelled, and the cancellation is not turned into a vendor error', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const hanging = await startVendor(() => {
      arrived();
      return new Promise<void>(() => undefined);
    });
    try {
      const controller = new AbortController();
      const model = createChatModel(
        { provider: 'openai', model: 'gpt-4o-mini' },
        {
          credentials: { connector: 'openai', method: 'api_key', apiKey: 'sk-test-abc' },
          outbound: hanging.outbound,
          signal: controller.signal,
          baseUrl: `${hanging.url}/v1`,
        },
      );
      const started = Date.now();
      const call = model.invoke([boston]).then(
        () => undefined,
        (e: unknown) => e,
      );
      await reached;
      controller.abort();
      const error = await call;
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(NodeError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await hanging.close();
    }
  });

  test('a redirect off the connection’s host is not followed, even to an address the tenant opened', async () => {
    const elsewhere = await startVendor((_request, res) => {
      res.end('{}');
    });
    const redirecting = await startVendor((_request, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/chat/completions` });
      res.end();
    });
    try {
      const model = createChatModel(
        { provider: 'openai', model: 'gpt-4o-mini' },
        {
          credentials: { connector: 'openai', method: 'api_key', apiKey: 'sk-test-abc' },
          outbound: {
            allowPrivateNetworks: false,
            allowedHosts: [redirecting.host, elsewhere.host],
          },
          signal: never(),
          baseUrl: `${redirecting.url}/v1`,
        },
      );
      const error = await nodeErrorOf(model.invoke([boston]));
      expect(error.code).toBe('HOST_NOT_ALLOWED');
      expect(redirecting.received).toHaveLength(1);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  test('a connection with credentials of another vendor, or an unknown provider, is refused up front', async () => {
    const outbound = DEFAULT_OUTBOUND_POLICY;
    expect(() =>
      createChatModel(
        { provider: 'anthropic' },
        { credentials: { connector: 'openai', apiKey: 'sk-x' }, outbound, signal: never() },
      ),
    ).toThrow(/the connection is for openai, not anthropic/);
    expect(() =>
      createChatModel({ provider: 'cohere' }, { credentials: {}, outbound, signal: never() }),
    ).toThrow(/no LLM connection type "cohere"/);
    expect(() =>
      createChatModel(
        { provider: 'openai' },
        { credentials: { connector: 'openai' }, outbound, signal: never() },
      ),
    ).toThrow(/credentials are incomplete or invalid: apiKey/);
  });
});

describe('the price table', () => {
  test('prices a dated snapshot by its model’s longest prefix, per million tokens', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(estimateCostUsd('openai', 'gpt-4o-mini-2024-07-18', usage)).toBeCloseTo(0.75, 10);
    expect(estimateCostUsd('openai', 'gpt-4o-2024-08-06', usage)).toBeCloseTo(12.5, 10);
    expect(estimateCostUsd('anthropic', 'claude-3-5-haiku-20241022', usage)).toBeCloseTo(4.8, 10);
    expect(estimateCostUsd('gemini', 'gemini-2.0-flash-lite-001', usage)).toBeCloseTo(0.375, 10);
    expect(priceOf('groq', 'llama-3.1-8b-instant')).toEqual({
      inputUsdPerMTok: 0.05,
      outputUsdPerMTok: 0.08,
    });
  });

  test('an unknown model has no price (not a free one); self-hosted and local models cost 0', () => {
    const usage = { inputTokens: 500, outputTokens: 500 };
    expect(estimateCostUsd('openai', 'gpt-4o-minimal', usage)).toBeUndefined();
    expect(estimateCostUsd('mistral', 'mistral-large', usage)).toBeUndefined();
    expect(estimateCostUsd('openai_compatible', 'llama3.1:8b', usage)).toBe(0);
    expect(estimateCostUsd('local', 'qwen2.5-coder-1.5b', usage)).toBe(0);
  });
});

test('no LLM connection means the embedded local model, which can call tools', () => {
  const model = createChatModel(
    { provider: 'local' },
    { credentials: undefined, outbound: DEFAULT_OUTBOUND_POLICY, signal: never() },
  );
  expect(model).toBeInstanceOf(LocalChatModel);
  expect(model.bindTools?.([weatherTool])).toBeDefined();
});
