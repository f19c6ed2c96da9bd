// A tenant's Slack channel is a connection of type `slack_webhook` whose secret `url` is the
// incoming-webhook address. That address is a credential (anyone holding it can post), so it
// stays in OpenBao: queued notifications name the connection and the URL is read when sending.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { OutboundPolicy } from '@bizosaas/nodes';
import { ConnectionEntity } from '../db/entities.js';
import { connectionSecretPath, type SecretStore } from '../secrets/vault.js';
import { outboundPolicyOf } from '../tenants/settings.js';

export const SLACK_WEBHOOK_CONNECTION = 'slack_webhook';
export const SLACK_WEBHOOK_SECRET = 'url';

export interface SlackWebhook {
  /** Holds a token: never logged, never queued. */
  url: string;
  /** The tenant's outbound policy: a self-hosted Slack-compatible server may be internal. */
  outbound: OutboundPolicy;
}

/** Where to post for a tenant's Slack connection, or undefined once it is gone or not Slack. */
export type SlackWebhookResolver = (
  tenantId: string,
  connectionId: string,
) => Promise<SlackWebhook | undefined>;

export function slackWebhooks(deps: { orm: MikroORM; secrets: SecretStore }): SlackWebhookResolver {
  return async (tenantId, connectionId) => {
    const em = deps.orm.em.fork();
    const connection = await em.findOne(
      ConnectionEntity,
      { id: connectionId, tenantId, type: SLACK_WEBHOOK_CONNECTION },
      { fields: ['id'] },
    );
    if (!connection) return undefined;
    const secret = await deps.secrets.read(connectionSecretPath(tenantId, connectionId));
    const url = secret?.[SLACK_WEBHOOK_SECRET];
    if (!url) return undefined;
    return { url, outbound: await outboundPolicyOf(em, tenantId) };
  };
}
