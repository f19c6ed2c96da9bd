import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { expect, test } from 'vitest';
import { createChatModel } from '../../src/agents/models/index.js';
import { json, startVendor } from '../support/vendor-server.js';

// The agent loop keeps its history as plain JSON and rebuilds each earlier answer as an AIMessage
// with `tool_calls` only. @langchain/google's ChatGoogle reads an answer's calls from its content
// parts, so the model turn vanished from the request: Gemini got a functionResponse with no
// functionCall before it (which it refuses). The call now goes out as the model's turn.

test('a tool result answers a functionCall turn rebuilt from the loop’s history', async () => {
  const vendor = await startVendor((_request, res) =>
    json(res, 200, {
      candidates: [
        { content: { role: 'model', parts: [{ text: 'Done.' }] }, finishReason: 'STOP' },
      ],
    }),
  );
  try {
    const model = createChatModel(
      { provider: 'gemini', model: 'gemini-2.0-flash' },
      {
        credentials: { connector: 'gemini', method: 'api_key', apiKey: 'AIzaSyTest' },
        outbound: vendor.outbound,
        signal: new AbortController().signal,
        baseUrl: vendor.url,
      },
    );
    await model.invoke([
      new HumanMessage('Find Jane'),
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'call_1', name: 'find_contact', args: { email: 'jane@acme.com' } }],
      }),
      new ToolMessage({ tool_call_id: 'call_1', content: '{"id":"c_1"}' }),
    ]);
    const sent = JSON.parse(vendor.received[0]!.body) as { contents: unknown[] };
    expect(sent.contents).toEqual([
      { role: 'user', parts: [{ text: 'Find Jane' }] },
      {
        role: 'model',
        parts: [{ functionCall: { name: 'find_contact', args: { email: 'jane@acme.com' } } }],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: {
              id: 'call_1',
              name: 'find_contact',
              response: { result: '{"id":"c_1"}' },
            },
          },
        ],
      },
    ]);
  } finally {
    await vendor.close();
  }
});
