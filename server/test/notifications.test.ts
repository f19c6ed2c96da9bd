// Approvers hear about a task by email and Slack, with a link straight to it; a failing channel
// is retried and never holds anyone up.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import { createNotifier, type Notifier } from '../src/notifications/notifier.js';
import type { SlackWebhook } from '../src/notifications/slack-webhooks.js';
import { eventually, startSmtp } from './smtp.js';

const config = readConfig(process.env);
const logger = pino({ level: 'silent' });

/** A Slack-compatible incoming webhook that fails the first `failures` calls with a 500. */
async function startSlack(failures: number) {
  const received: Array<{ text: string }> = [];
  let calls = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls += 1;
      if (calls <= failures) return res.writeHead(500).end('try later');
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
}

describe('notifications', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let notifier: Notifier;
  // Slack connections by id, as OpenBao would answer for them (the approvals test goes through it).
  const slackConnections = new Map<string, SlackWebhook>();
  const slackConnection = (webhook: SlackWebhook) => {
    const connectionId = randomUUID();
    slackConnections.set(connectionId, webhook);
    return connectionId;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    notifier = createNotifier({
      redisUrl: config.REDIS_URL,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'BizOSaaS <no-reply@bizosaas.test>',
      logger,
      attempts: 4,
      backoffMs: 50,
      slackWebhook: async (_tenantId, connectionId) => slackConnections.get(connectionId),
    });
    notifier.startWorker();
  });
  afterAll(async () => {
    await notifier.close();
    await smtp.close();
  });

  it('emails the approver with a deep link to the task', async () => {
    const taskId = randomUUID();
    const link = `http://127.0.0.1:3000/inbox/${taskId}`;
    const queued = await notifier.enqueue({
      id: `task-${taskId}-email`,
      tenantId: randomUUID(),
      channel: 'email',
      to: ['approver@example.test'],
      subject: 'Approve: blog post "Spring launch"',
      text: 'Maria asks you to approve the blog post "Spring launch".',
      link,
    });
    expect(queued).toBe(true);
    const mail = await eventually(() =>
      smtp.received.find((m) => m.subject?.includes('Spring launch')),
    );
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('approver@example.test');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('posts to a Slack-compatible webhook, retrying after failures with backoff', async () => {
    const slack = await startSlack(2);
    try {
      const link = `http://127.0.0.1:3000/inbox/${randomUUID()}`;
      await notifier.enqueue({
        id: `slack-${randomUUID()}`,
        tenantId: randomUUID(),
        channel: 'slack',
        connectionId: slackConnection({
          url: `http://127.0.0.1:${slack.port}/services/T000/B000/XXXX`,
          outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${slack.port}`] },
        }),
        text: 'A discount needs your approval',
        link,
      });
      const message = await eventually(() => slack.received[0]);
      expect(message.text).toContain(`<${link}|Open it in BizOSaaS>`);
      expect(slack.calls()).toBe(3);
    } finally {
      await slack.close();
    }
  });

  it('refuses to post to an internal address the tenant has not allowed', async () => {
    const slack = await startSlack(0);
    try {
      await notifier.enqueue({
        id: `slack-${randomUUID()}`,
        tenantId: randomUUID(),
        channel: 'slack',
        connectionId: slackConnection({
          url: `http://127.0.0.1:${slack.port}/hook`,
          outbound: { allowPrivateNetworks: false, allowedHosts: [] },
        }),
        text: 'should never arrive',
        link: 'http://127.0.0.1:3000/inbox',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(slack.calls()).toBe(0);
    } finally {
      await slack.close();
    }
  });

  it('answers at once even when Redis cannot take the notification', async () => {
    const offline = createNotifier({ redisUrl: 'redis://127.0.0.1:1/0', from: 'x@y.test', logger });
    const started = Date.now();
    const queued = await offline.enqueue({
      id: randomUUID(),
      tenantId: randomUUID(),
      channel: 'email',
      to: ['a@b.test'],
      subject: 's',
      text: 't',
      link: 'http://127.0.0.1:3000/inbox',
    });
    expect(queued).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
    await offline.close();
  }, 20_000);
});
