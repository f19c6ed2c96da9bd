// LLM connections are created like any connector's: their type is in the catalog under "llm" with
// a form from the credential schema (the key write-only), the whole form goes to OpenBao, and
// Test connection makes the vendor's own cheap request (its model list) under the tenant's
// outbound policy. The vendor here is an Ollama-shaped server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestServer, type Session, type TestServer } from './harness.js';

let server: TestServer;
let ollama: Server;
let ollamaHost = '';
const seen: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = await startTestServer({ ingressWorker: false });
  ollama = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    // Ollama's OpenAI-compatible GET /v1/models (github.com/ollama/ollama, docs/openai.md).
    res.end(
      JSON.stringify({
        object: 'list',
        data: [{ id: 'llama3.1:8b', object: 'model', created: 1721000000, owned_by: 'library' }],
      }),
    );
  });
  await new Promise<void>((resolve) => ollama.listen(0, '127.0.0.1', resolve));
  ollamaHost = `127.0.0.1:${(ollama.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => ollama?.close(resolve));
});

interface CatalogType {
  id: string;
  category: string;
  methods: {
    id: string;
    form: { properties: Record<string, unknown>; required?: string[] };
    secretFields: string[];
  }[];
  operations: unknown[];
}

describe('LLM connections', () => {
  it('are in the catalog under llm, each with an API-key form whose key is write-only', async () => {
    const owner = await signUp(server.url);
    const catalog = await call<CatalogType[]>(server.url, 'connections.catalog', undefined, {
      ...owner,
      type: 'query',
    });
    const llm = catalog.data!.filter((c) => c.category === 'llm');
    expect(llm.map((c) => c.id).sort()).toEqual([
      'anthropic',
      'azure_openai',
      'gemini',
      'groq',
      'openai',
      'openai_compatible',
    ]);
    for (const type of llm) {
      expect(type.operations).toEqual([]);
      expect(type.methods[0]!.secretFields).toEqual(['apiKey']);
    }
    const azure = llm.find((c) => c.id === 'azure_openai')!.methods[0]!.form;
    expect(Object.keys(azure.properties)).toEqual([
      'endpoint',
      'deployment',
      'apiVersion',
      'apiKey',
    ]);
    const compatible = llm.find((c) => c.id === 'openai_compatible')!.methods[0]!.form;
    expect(compatible.required).toEqual(['baseUrl', 'defaultModel']);
  });

  it('an OpenAI-compatible server on loopback is refused until the tenant opens its address, then tested for real', async () => {
    const owner: Session = await signUp(server.url);
    const created = await call<{ id: string }>(
      server.url,
      'connections.create',
      {
        name: 'ollama',
        type: 'openai_compatible',
        credentials: {
          baseUrl: `http://${ollamaHost}/v1`,
          apiKey: 'ollama-key-not-for-display',
          defaultModel: 'llama3.1:8b',
        },
      },
      owner,
    );
    expect(created.error).toBeUndefined();
    expect(JSON.stringify(created)).not.toContain('ollama-key-not-for-display');
    const test = () =>
      call<{ ok: boolean; error?: string; refused: boolean }>(
        server.url,
        'connections.test',
        { connectionId: created.data!.id },
        owner,
      );
    const refused = await test();
    expect(refused.data).toMatchObject({
      ok: false,
      refused: false,
      error: expect.stringContaining('127.0.0.1 refused: loopback address') as unknown,
    });
    expect(seen).toHaveLength(0);

    const settings = await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [ollamaHost] } },
      owner,
    );
    expect(settings.error).toBeUndefined();
    expect((await test()).data).toMatchObject({ ok: true });
    expect(seen).toEqual([
      { path: '/v1/models', authorization: 'Bearer ollama-key-not-for-display' },
    ]);
  });
});
