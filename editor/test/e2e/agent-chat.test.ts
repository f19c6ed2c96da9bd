import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDemoService } from '@bizosaas/scripts/demo-service';
import { WORDPRESS_DEMO_USER } from '@bizosaas/scripts/demo-wordpress';
import { signUp } from './accounts';
import { apiCall } from './api';
import { launchChromium, newContext, snap } from './browser';

// "Publish my latest blog post" in the agents chat (the seed's example 3.2): the orchestrator
// routes it to the ContentCreator, which finds the post on the demo CMS (WordPress-shaped, through
// the WordPress connector) and asks to publish it; the approval appears in the chat, and once
// approved there the post is published and the transcript shows each step. The model is a
// scripted stand-in behind an OpenAI-compatible endpoint that this test serves, reached through
// an LLM connection exactly as a real one would be.

interface OpenAiMessage {
  role: string;
  content: string | null;
  tool_calls?: unknown[];
}

/** What the scripted model answers, from the conversation it is sent. */
function scripted(messages: OpenAiMessage[]) {
  if (String(messages[0]?.content).includes('(AgentCoordinator)'))
    return { content: JSON.stringify({ persona: 'content_creator', reason: 'publishing' }) };
  const asked = messages.filter((m) => m.role === 'assistant').length;
  const lastTool = String(messages.filter((m) => m.role === 'tool').at(-1)?.content ?? '');
  if (asked === 0)
    return {
      content: 'I look for the latest draft.',
      call: ['wordpress_list_posts', { limit: 1, status: 'draft' }],
    };
  if (asked === 1) {
    const post = (JSON.parse(lastTool) as { items: { id: string; title: string }[] }).items[0]!;
    return {
      content: `The latest post is “${post.title}”; I publish it.`,
      call: ['wordpress_update_post', { id: post.id, status: 'published' }],
    };
  }
  return {
    content: lastTool.startsWith('refused')
      ? 'I did not publish it.'
      : 'It is published, live on the blog now.',
    gated: true,
  };
}

/**
 * The final answer's stream holds after its first words until the test has seen them in the page,
 * so "shown before the step completes" cannot depend on timing.
 */
let releaseAnswer!: () => void;
const answerReleased = new Promise<void>((resolve) => (releaseAnswer = resolve));

/** The chat completions stream as OpenAI documents it: content a word at a time, then the call. */
async function streamAnswer(
  res: ServerResponse,
  answer: ReturnType<typeof scripted>,
  toolCalls: unknown[] | undefined,
) {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({
        id: 'chatcmpl-stream',
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: 'scripted',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`,
    );
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  chunk({ role: 'assistant', content: '' });
  const words = answer.content.match(/\S+\s*/g) ?? [];
  for (const [i, word] of words.entries()) {
    if (answer.gated && i === 2) await answerReleased;
    chunk({ content: word });
    await new Promise((r) => setTimeout(r, 30));
  }
  if (toolCalls)
    chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...(call as object) })) });
  chunk({}, toolCalls ? 'tool_calls' : 'stop');
  res.write(
    `data: ${JSON.stringify({ id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [], usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 } })}\n\n`,
  );
  res.end('data: [DONE]\n\n');
}

/** The chat completions API as OpenAI documents it (streamed when asked), answering from the script. */
function startScriptedModel(): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
        return;
      }
      const request = JSON.parse(body) as { messages: OpenAiMessage[]; stream?: boolean };
      const answer = scripted(request.messages);
      const toolCalls = answer.call
        ? [
            {
              id: `call_${randomBytes(4).toString('hex')}`,
              type: 'function',
              function: { name: answer.call[0], arguments: JSON.stringify(answer.call[1]) },
            },
          ]
        : undefined;
      if (request.stream) {
        void streamAnswer(res, answer, toolCalls);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${randomBytes(4).toString('hex')}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'scripted',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: answer.content,
                ...(toolCalls ? { tool_calls: toolCalls } : {}),
              },
              finish_reason: toolCalls ? 'tool_calls' : 'stop',
            },
          ],
          usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let browser: Browser;
let page: Page;
let demo: Server;
let model: Server;
let site: string;
const id = randomBytes(4).toString('hex');
const address = (server: Server) => `127.0.0.1:${(server.address() as AddressInfo).port}`;
const wpAuth = `Basic ${Buffer.from(
  `${WORDPRESS_DEMO_USER.username}:${WORDPRESS_DEMO_USER.applicationPassword.replace(/\s+/g, '')}`,
).toString('base64')}`;

beforeAll(async () => {
  demo = await startDemoService(0);
  model = await startScriptedModel();
  site = `http://${address(demo)}`;
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  await signUp(page, `chat-${id}`);
  await apiCall(page, 'settings.update', {
    outbound: { allowPrivateNetworks: false, allowedHosts: [address(demo), address(model)] },
  });
  await apiCall(page, 'connections.create', {
    name: 'Blog',
    type: 'wordpress',
    method: 'application_password',
    credentials: { siteUrl: site, ...WORDPRESS_DEMO_USER },
  });
  await apiCall(page, 'connections.create', {
    name: 'Scripted model',
    type: 'openai_compatible',
    method: 'endpoint',
    credentials: { baseUrl: `http://${address(model)}/v1`, defaultModel: 'scripted' },
  });
});
afterAll(async () => {
  await browser?.close();
  demo?.close();
  model?.close();
});

async function draftPost(title: string): Promise<string> {
  const response = await fetch(`${site}/wp-json/wp/v2/posts`, {
    method: 'POST',
    headers: { authorization: wpAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ title, content: '<p>Spring is here.</p>', status: 'draft' }),
  });
  return String(((await response.json()) as { id: number }).id);
}

async function postStatus(postId: string): Promise<string> {
  const response = await fetch(`${site}/wp-json/wp/v2/posts/${postId}?context=edit`, {
    headers: { authorization: wpAuth },
  });
  return ((await response.json()) as { status: string }).status;
}

describe('the agents chat', () => {
  it(
    'asks to publish the latest post; the approval appears in the chat; approved, the post is published',
    { timeout: 120_000 },
    async () => {
      const postId = await draftPost('Spring sale');
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Agents chat' })
        .click();
      await page.getByRole('heading', { name: 'AI agents chat' }).waitFor();
      await page
        .getByLabel('Talk to')
        .selectOption({ label: 'Orchestrator (routes to the right agent)' });
      await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Scripted model' });
      await page.getByLabel('Model name').fill('scripted');
      await page.getByRole('button', { name: 'Start chat' }).click();
      await page.getByLabel('Message').fill('Publish my latest blog post');
      await page.getByRole('button', { name: 'Send' }).click();

      const transcript = page.getByRole('list', { name: 'Transcript' });
      const approval = page.getByRole('group', {
        name: 'Approval: ContentCreator wants to call wordpress_update_post',
      });
      await approval.waitFor({ timeout: 30_000 });
      await expect
        .poll(() => approval.textContent())
        .toContain('Reason: The latest post is “Spring sale”; I publish it.');
      await expect
        .poll(() => transcript.textContent())
        .toContain('ContentCreator takes this request.');
      await expect.poll(() => transcript.textContent()).toContain('wordpress_list_posts: done');
      expect(await postStatus(postId)).toBe('draft');
      await snap(page, 'agent-chat-approval');

      await approval.getByRole('button', { name: 'Approve' }).click();
      // The answer shows as the model writes it, before its step is done (its stream is held open).
      const partial = transcript.locator(':scope > li.chat-partial');
      await expect
        .poll(() => partial.textContent(), { timeout: 30_000 })
        .toMatch(/^ContentCreator It is\s*$/);
      expect(await transcript.locator(':scope > li.chat-answer').count()).toBe(0);
      await snap(page, 'agent-chat-streaming');
      releaseAnswer();
      await expect
        .poll(() => transcript.textContent(), { timeout: 30_000 })
        .toContain('It is published, live on the blog now.');
      await expect.poll(() => partial.count()).toBe(0);
      expect(await postStatus(postId)).toBe('publish');
      // Each step in order: the request, the routing, the look-up, the approval, the publish, the answer.
      const lines = await transcript
        .locator(':scope > li')
        .evaluateAll((items) => items.map((li) => li.className.replace('chat-line chat-', '')));
      expect(lines).toEqual(['user', 'route', 'step', 'approval', 'step', 'answer']);
      await expect.poll(() => transcript.textContent()).toContain('wordpress_update_post: done');
      await expect.poll(() => approval.textContent()).toContain('Approved.');
      await snap(page, 'agent-chat-published');
    },
  );
});
