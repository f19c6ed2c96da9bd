// Notifications to people (approvers first): email over SMTP and Slack-compatible incoming
// webhooks, each with a deep link into the app. Sent from a BullMQ queue with retries and
// backoff, so a slow or failing mail server never holds up the run that asked for it.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { guardedFetch } from '@bizosaas/nodes/executors';
import type { Logger } from '../logger.js';
import type { SlackWebhookResolver } from './slack-webhooks.js';

export const NOTIFICATIONS_QUEUE = 'notifications';
const ENQUEUE_TIMEOUT_MS = 3_000;

interface Common {
  /** Groups retries of one notification; the queue refuses a second job with the same id. */
  id: string;
  tenantId: string;
  text: string;
  /** Deep link into the app, e.g. the inbox task. */
  link: string;
}

export type Notification =
  | (Common & { channel: 'email'; to: string[]; subject: string })
  | (Common & {
      channel: 'slack';
      /** The tenant's `slack_webhook` connection; its URL is read from OpenBao when sending. */
      connectionId: string;
    });

export interface NotifierOptions {
  redisUrl: string;
  /** smtp://user:pass@host:port; without it email notifications are dropped with a warning. */
  smtpUrl?: string;
  from: string;
  /** Looks up a Slack connection's webhook; without it Slack notifications are dropped. */
  slackWebhook?: SlackWebhookResolver;
  logger: Logger;
  attempts?: number;
  backoffMs?: number;
  /** Defaults to NOTIFICATIONS_QUEUE; tests give each server its own so they never cross. */
  queueName?: string;
}

export function createNotifier(options: NotifierOptions) {
  const { logger } = options;
  // BullMQ leaves connections it was given open on close; we keep them to close them ourselves.
  const connections: Redis[] = [];
  const connection = () => {
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const queueName = options.queueName ?? NOTIFICATIONS_QUEUE;
  const queue = new Queue<Notification>(queueName, {
    connection: connection(),
    defaultJobOptions: {
      attempts: options.attempts ?? 6,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 5_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    },
  });
  const mailer = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  let worker: Worker<Notification> | undefined;

  async function deliver(notification: Notification): Promise<void> {
    if (notification.channel === 'email') {
      if (!mailer) {
        logger.warn({ id: notification.id }, 'email notification dropped: SMTP_URL is not set');
        return;
      }
      await mailer.sendMail({
        from: options.from,
        to: notification.to,
        subject: notification.subject,
        text: `${notification.text}\n\nOpen it in BizOSaaS: ${notification.link}\n`,
        html: `<p>${escapeHtml(notification.text).replaceAll('\n', '<br>')}</p><p><a href="${escapeHtml(notification.link)}">Open it in BizOSaaS</a></p>`,
      });
      return;
    }
    const webhook = await options.slackWebhook?.(notification.tenantId, notification.connectionId);
    if (!webhook) {
      logger.warn(
        { id: notification.id, connectionId: notification.connectionId },
        'Slack notification dropped: the connection is gone or has no webhook url',
      );
      return;
    }
    const response = await guardedFetch(
      webhook.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: `${notification.text}\n<${notification.link}|Open it in BizOSaaS>`,
        }),
        timeoutMs: 10_000,
      },
      webhook.outbound,
    );
    await response.body?.cancel();
    if (!response.ok) throw new Error(`Slack webhook answered ${response.status}`);
  }

  return {
    /**
     * Queues a notification. Resolves false instead of throwing when Redis refuses it: a lost
     * notification is logged, never a reason to fail the caller.
     */
    async enqueue(notification: Notification): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      try {
        // BullMQ waits for Redis indefinitely; the caller must not. The job id dedupes a late add.
        await Promise.race([
          queue.add(notification.channel, notification, { jobId: notification.id }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error('Redis did not accept it in time')),
              ENQUEUE_TIMEOUT_MS,
            );
          }),
        ]);
        return true;
      } catch (error) {
        logger.error(
          { id: notification.id, err: (error as Error).message },
          'notification not queued',
        );
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    startWorker(): Worker<Notification> {
      worker ??= new Worker<Notification>(queueName, (job) => deliver(job.data), {
        connection: connection(),
        concurrency: 10,
      });
      worker.on('failed', (job, error) => {
        const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
        logger[final ? 'error' : 'warn'](
          {
            id: job?.data.id,
            channel: job?.data.channel,
            attempt: job?.attemptsMade,
            err: error.message,
          },
          final ? 'notification failed for good' : 'notification failed; will retry',
        );
      });
      return worker;
    },
    async close(): Promise<void> {
      await worker?.close();
      // A queue whose Redis never answered would wait for it forever on close.
      await Promise.race([queue.close(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      mailer?.close();
      await Promise.allSettled(connections.map((redis) => redis.quit()));
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
