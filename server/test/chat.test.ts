// The agent chat end to end on the test stack: a real server with its platform worker, a flow
// worker whose chat model is LangChain's fake one scripted per persona, the WordPress connector
// against the demo service's WordPress-shaped CMS. "Publish my latest blog post" is routed to
// the ContentCreator, whose publish waits for approval in the chat (the inbox's task).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemoService } from '@bizosaas/scripts/demo-service';
import { WORDPRESS_DEMO_USER } from '@bizosaas/scripts/demo-wordpress';
import {
  answer,
  callTools,
  ScriptedChatModel,
  turnOf,
  type Script,
} from '@bizosaas/runtime/testing/scripted-model';
import type { ConversationDetail } from '../src/chat/service.js';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from './harness.js';

type BaseMessage = Parameters<Script>[0][number];

const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';
const lastTool = (conversation: BaseMessage[]) =>
  String(conversation.filter((m) => m.getType() === 'tool').at(-1)?.content ?? '');

/** The coordinator sends publishing to the ContentCreator, which finds the post and publishes it. */
function script(conversation: BaseMessage[]) {
  if (personaOf(conversation) === 'AgentCoordinator')
    return answer(JSON.stringify({ persona: 'content_creator', reason: 'publishing content' }));
  switch (turnOf(conversation)) {
    case 0:
      return callTools(
        [{ name: 'wordpress_list_posts', args: { limit: 1, status: 'draft' } }],
        'I find the post.',
      );
    case 1: {
      const post = (
        JSON.parse(lastTool(conversation)) as { items: { id: string; title: string }[] }
      ).items[0]!;
      return callTools(
        [{ name: 'wordpress_update_post', args: { id: post.id, status: 'published' } }],
        `The latest post is “${post.title}”; I publish it.`,
      );
    }
    default:
      return answer(
        lastTool(conversation).startsWith('refused')
          ? 'I did not publish it: the approver said no.'
          : 'It is published.',
      );
  }
}

let server: TestServer;
let demo: Server;
let site: string;
let owner: Session;

beforeAll(async () => {
  demo = await startDemoService(0);
  const host = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  site = `http://${host}`;
  server = await startTestServer({
    worker: true,
    ingressWorker: false,
    chatModels: () => new ScriptedChatModel(script),
  });
  owner = await signUp(server.url);
  await ok(
    call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [host] } },
      owner,
    ),
  );
  await ok(
    call(
      server.url,
      'connections.create',
      {
        name: 'Blog',
        type: 'wordpress',
        method: 'application_password',
        credentials: { siteUrl: site, ...WORDPRESS_DEMO_USER },
      },
      owner,
    ),
  );
});

afterAll(async () => {
  await server?.close();
  demo?.close();
});

async function ok<T>(promise: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (result.data === undefined) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

// WordPress takes an application password with or without its spaces.
const wpAuth = `Basic ${Buffer.from(
  `${WORDPRESS_DEMO_USER.username}:${WORDPRESS_DEMO_USER.applicationPassword.replace(/\s+/g, '')}`,
).toString('base64')}`;

async function draftPost(title: string): Promise<string> {
  const response = await fetch(`${site}/wp-json/wp/v2/posts`, {
    method: 'POST',
    headers: { authorization: wpAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ title, content: '<p>Spring is here.</p>', status: 'draft' }),
  });
  return String(((await response.json()) as { id: number }).id);
}

async function postStatus(id: string): Promise<string> {
  const response = await fetch(`${site}/wp-json/wp/v2/posts/${id}?context=edit`, {
    headers: { authorization: wpAuth },
  });
  return ((await response.json()) as { status: string }).status;
}

const get = (who: Session, conversationId: string) =>
  call<ConversationDetail>(server.url, 'chat.get', { conversationId }, { ...who, type: 'query' });

async function until(
  who: Session,
  conversationId: string,
  done: (c: ConversationDetail) => boolean,
): Promise<ConversationDetail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const conversation = await ok(get(who, conversationId));
    if (done(conversation)) return conversation;
    if (Date.now() > deadline) throw new Error(`gave up: ${JSON.stringify(conversation.messages)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asks the orchestrator to publish the latest post and waits for the approval to appear in the chat. */
async function askToPublish() {
  const conversation = await ok<{ id: string }>(
    call(server.url, 'chat.create', { persona: 'agent_coordinator' }, owner),
  );
  await ok(
    call(
      server.url,
      'chat.send',
      { conversationId: conversation.id, content: 'Publish my latest blog post' },
      owner,
    ),
  );
  const waiting = await until(owner, conversation.id, (c) =>
    c.messages.some((m) => m.kind === 'approval'),
  );
  const taskId = String(waiting.messages.find((m) => m.kind === 'approval')!.data.taskId);
  return { conversationId: conversation.id, taskId };
}

/** Opens a conversation's live stream of answers as they are written, and closes it again. */
async function chatStream(who: Session, conversationId: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/events/chat/${conversationId}`, {
    headers: { cookie: who.cookie },
    signal: controller.signal,
  });
  controller.abort();
  return response;
}

const shape = (c: ConversationDetail) =>
  c.messages.map((m) =>
    m.kind === 'step'
      ? [
          m.kind,
          (m.data.tools as { name: string; status: string }[]).map((t) => `${t.name} ${t.status}`),
        ]
      : [m.kind, m.persona],
  );

describe('the agent chat', () => {
  test('publishes the latest post once the approval shown in the chat is approved', async () => {
    const postId = await draftPost('Spring sale');
    const { conversationId, taskId } = await askToPublish();

    // The chat's approval is the inbox's task, with the call and the agent's reason.
    const inbox = await ok<{ tasks: { id: string }[] }>(
      call(server.url, 'approvals.inbox', {}, { ...owner, type: 'query' }),
    );
    expect(inbox.tasks.map((t) => t.id)).toContain(taskId);
    const task = await ok<{ description: string; details: { arguments: unknown } }>(
      call(server.url, 'approvals.get', { taskId }, { ...owner, type: 'query' }),
    );
    expect(task.description).toBe('The latest post is “Spring sale”; I publish it.');
    expect(task.details.arguments).toEqual({ id: postId, status: 'published' });
    expect(await postStatus(postId)).toBe('draft');
    // One turn at a time: the conversation is busy until this one ends.
    const busy = await call(server.url, 'chat.send', { conversationId, content: 'And?' }, owner);
    expect(busy.error?.data.code).toBe('CONFLICT');

    await ok(call(server.url, 'approvals.decide', { taskId, decision: 'approve' }, owner));
    const done = await until(owner, conversationId, (c) => c.running === null);
    expect(await postStatus(postId)).toBe('publish');
    expect(shape(done)).toEqual([
      ['user', null],
      ['route', 'content_creator'],
      ['step', ['wordpress_list_posts ok']],
      ['approval', 'content_creator'],
      ['step', ['wordpress_update_post ok']],
      ['answer', 'content_creator'],
    ]);
    expect(done.messages.at(-1)!.content).toBe('It is published.');
  });

  test('a rejected approval leaves the post as it was, and the agent says so', async () => {
    const postId = await draftPost('Winter sale');
    const { conversationId, taskId } = await askToPublish();
    await ok(
      call(
        server.url,
        'approvals.decide',
        { taskId, decision: 'reject', comment: 'not yet' },
        owner,
      ),
    );
    const done = await until(owner, conversationId, (c) => c.running === null);
    expect(await postStatus(postId)).toBe('draft');
    expect(shape(done).slice(-2)).toEqual([
      ['step', ['wordpress_update_post rejected']],
      ['answer', 'content_creator'],
    ]);
    expect(done.messages.at(-1)!.content).toBe('I did not publish it: the approver said no.');
  });

  test('a conversation is its member’s own: not another member’s, not another tenant’s', async () => {
    const mine = await ok<{ id: string }>(
      call(server.url, 'chat.create', { persona: 'seo_specialist' }, owner),
    );
    const colleague = await addMember(server.url, owner, 'operator');
    const stranger = await signUp(server.url);
    // Its answers as they are written stream to its member only.
    const own = await chatStream(owner, mine.id);
    expect([own.status, own.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    for (const who of [colleague, stranger]) {
      expect((await chatStream(who, mine.id)).status).toBe(404);
      expect((await get(who, mine.id)).error?.data.code).toBe('NOT_FOUND');
      const send = await call(
        server.url,
        'chat.send',
        { conversationId: mine.id, content: 'hi' },
        who,
      );
      expect(send.error?.data.code).toBe('NOT_FOUND');
      const list = await ok<{ id: string }[]>(
        call(server.url, 'chat.list', {}, { ...who, type: 'query' }),
      );
      expect(list.map((c) => c.id)).not.toContain(mine.id);
    }
    const viewer = await addMember(server.url, owner, 'viewer');
    expect((await call(server.url, 'chat.list', {}, { ...viewer, type: 'query' })).status).toBe(
      403,
    );
    const unknown = await call(server.url, 'chat.create', { persona: 'nobody' }, owner);
    expect(unknown.error?.data.code).toBe('BAD_REQUEST');
  });
});
