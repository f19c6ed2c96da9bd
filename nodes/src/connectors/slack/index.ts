import { z } from 'zod';
import {
  compact,
  MessageSchema,
  pageOf,
  type Message,
  type MessageInput,
} from '../../ports/canonical.js';
import {
  bearerAuth,
  defineConnection,
  defineConnector,
  mapPage,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
  type ConnectorResponse,
  type PaginationSpec,
  type VendorFailure,
} from '../sdk/index.js';
import { constantTimeEqual, hmacSha256Hex, isFresh } from '../sdk/signatures.js';

// Slack Web API: https://api.slack.com/web. Every method answers 200; failures say `ok: false`.

const signingSecret = z
  .string()
  .min(1)
  .optional()
  .meta({ title: 'Signing secret (for events)', secret: true });

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'bot_token',
      title: 'Bot token',
      credentials: z.object({
        botToken: z.string().startsWith('xox').meta({ title: 'Bot token (xoxb-…)', secret: true }),
        signingSecret,
      }),
      token: (c) => c.botToken,
    }),
    oauth2Auth({
      id: 'oauth2',
      title: 'Sign in with Slack',
      credentials: z.object({ ...oauth2ClientFields, signingSecret }),
      authorizeUrl: () => 'https://slack.com/oauth/v2/authorize',
      tokenUrl: () => 'https://slack.com/api/oauth.v2.access',
      scopes: ['chat:write', 'channels:read', 'channels:history', 'channels:manage', 'users:read'],
      scopeSeparator: ',',
      pkce: false,
    }),
  ],
  baseUrl: () => 'https://slack.com/api',
  // Tier 3 methods allow about 50 a minute per workspace.
  rateLimit: { requests: 50, perMs: 60_000 },
  test: { method: 'GET', path: '/auth.test' },
  checkResponse: slackFailure,
});

const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
]);

function slackFailure(response: ConnectorResponse): VendorFailure | undefined {
  const body = response.body as { ok?: boolean; error?: string; needed?: string } | null;
  if (body === null || typeof body !== 'object' || body.ok !== false) return undefined;
  const error = body.error ?? 'unknown_error';
  const message = `Slack: ${error}${body.needed ? ` (needs ${body.needed})` : ''}`;
  if (AUTH_ERRORS.has(error)) return { kind: 'auth', message };
  if (error === 'ratelimited') return { kind: 'rate_limited', message };
  if (error === 'internal_error' || error === 'service_unavailable' || error === 'fatal_error')
    return { kind: 'unavailable', message };
  return { kind: 'rejected', message };
}

interface SlackMessage {
  ts: string;
  text?: string;
  user?: string;
  thread_ts?: string;
}

function toMessage(channel: string, raw: SlackMessage): Message {
  return compact({
    id: raw.ts,
    source: { connector: 'slack', id: `${channel}/${raw.ts}` },
    channel,
    text: raw.text ?? '',
    sentAt: new Date(Number(raw.ts) * 1000).toISOString(),
    raw,
  });
}

const ChannelSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
});
type Channel = z.infer<typeof ChannelSchema>;
const pick = (c: Channel) =>
  compact({ id: c.id, name: c.name, is_private: c.is_private, is_archived: c.is_archived });

const CHANNEL_PAGES: PaginationSpec = {
  style: 'cursor',
  cursorParam: 'cursor',
  nextCursorPath: 'response_metadata.next_cursor',
  itemsPath: 'channels',
  limitParam: 'limit',
};

const channelParam = z.string().min(1).meta({ title: 'Channel', options: 'channels' });

async function postMessage(http: ConnectorHttp, input: MessageInput): Promise<Message> {
  const { body } = await http.request<{ channel: string; ts: string; message: SlackMessage }>({
    method: 'POST',
    path: '/chat.postMessage',
    form: { channel: input.channel, text: input.text, thread_ts: input.threadId },
  });
  return toMessage(body.channel, { ...body.message, ts: body.ts });
}

const sendMessage = connection.operation({
  id: 'send_message',
  title: 'Send message',
  description: 'Posts a message to a channel (chat.postMessage), optionally in a thread.',
  params: z.object({
    channel: channelParam,
    text: z.string().min(1),
    threadTs: z.string().optional(),
  }),
  output: MessageSchema,
  run: ({ http, params }) =>
    postMessage(http, { channel: params.channel, text: params.text, threadId: params.threadTs }),
});

const updateMessage = connection.operation({
  id: 'update_message',
  title: 'Update message',
  description: 'Replaces the text of a message the app posted (chat.update).',
  params: z.object({ channel: channelParam, ts: z.string().min(1), text: z.string().min(1) }),
  output: MessageSchema,
  http: {
    method: 'POST',
    path: '/chat.update',
    form: (p) => ({ channel: p.channel, ts: p.ts, text: p.text }),
  },
  map: (body, { params }) => {
    const b = body as { channel?: string; ts: string; text?: string; message?: SlackMessage };
    return toMessage(b.channel ?? params.channel, {
      ...b.message,
      ts: b.ts,
      text: b.text ?? params.text,
    });
  },
});

const listMessages = connection.operation({
  id: 'list_messages',
  title: 'List messages',
  description: 'The newest messages of a channel (conversations.history).',
  params: z.object({ channel: channelParam, limit: z.int().min(1).max(1000).default(100) }),
  output: pageOf(MessageSchema),
  http: {
    method: 'GET',
    path: '/conversations.history',
    query: (p) => ({ channel: p.channel }),
    pagination: {
      spec: {
        style: 'cursor',
        cursorParam: 'cursor',
        nextCursorPath: 'response_metadata.next_cursor',
        itemsPath: 'messages',
        limitParam: 'limit',
      },
      pageSize: 200,
      limit: (p) => p.limit,
    },
  },
  map: (page, { params }) => mapPage((m: SlackMessage) => toMessage(params.channel, m))(page),
});

const listChannels = connection.operation({
  id: 'list_channels',
  title: 'List channels',
  description: 'Public channels of the workspace (conversations.list).',
  params: z.object({
    limit: z.int().min(1).max(1000).default(200),
    excludeArchived: z.boolean().default(true),
  }),
  output: pageOf(ChannelSchema),
  http: {
    method: 'GET',
    path: '/conversations.list',
    query: (p) => ({ exclude_archived: p.excludeArchived }),
    pagination: {
      spec: CHANNEL_PAGES,
      pageSize: 200,
      limit: (p) => p.limit,
    },
  },
  map: mapPage(pick),
});

const getChannel = connection.operation({
  id: 'get_channel',
  title: 'Get channel',
  description: 'One channel by id (conversations.info).',
  params: z.object({ channel: channelParam }),
  output: ChannelSchema,
  http: {
    method: 'GET',
    path: '/conversations.info',
    query: (p) => ({ channel: p.channel }),
    responsePath: 'channel',
  },
  map: (body) => pick(body as Channel),
});

const createChannel = connection.operation({
  id: 'create_channel',
  title: 'Create channel',
  description: 'Creates a channel (conversations.create).',
  params: z.object({
    name: z.string().regex(/^[a-z0-9_-]{1,80}$/),
    isPrivate: z.boolean().default(false),
  }),
  output: ChannelSchema,
  http: {
    method: 'POST',
    path: '/conversations.create',
    form: (p) => ({ name: p.name, is_private: p.isPrivate }),
    responsePath: 'channel',
  },
  map: (body) => pick(body as Channel),
});

const SlackEventSchema = z.object({
  teamId: z.string().optional(),
  eventId: z.string().optional(),
  type: z.string(),
  event: z.record(z.string(), z.unknown()),
});

interface SlackEnvelope {
  type?: string;
  challenge?: string;
  team_id?: string;
  event_id?: string;
  event?: { type?: string } & Record<string, unknown>;
}

const parse = (raw: string): SlackEnvelope => {
  try {
    return JSON.parse(raw) as SlackEnvelope;
  } catch {
    return {};
  }
};

const events = connection.pushTrigger({
  id: 'event',
  title: 'Event',
  description:
    'Starts a run for each Events API event of the chosen types, signed with the app’s signing secret.',
  params: z.object({ eventTypes: z.array(z.string().min(1)).default(['message']) }),
  output: SlackEventSchema,
  // https://api.slack.com/authentication/verifying-requests-from-slack
  async verify(request, credentials) {
    const secret = credentials.signingSecret;
    const timestamp = request.headers['x-slack-request-timestamp'];
    const signature = request.headers['x-slack-signature'];
    if (!secret || !timestamp || !signature) return false;
    if (!isFresh(Number(timestamp), request.receivedAt)) return false;
    const expected = `v0=${await hmacSha256Hex(secret, `v0:${timestamp}:${request.rawBody}`)}`;
    return constantTimeEqual(expected, signature);
  },
  handshake(request) {
    const body = parse(request.rawBody);
    return body.type === 'url_verification' && typeof body.challenge === 'string'
      ? { status: 200, contentType: 'text/plain', body: body.challenge }
      : undefined;
  },
  // Slack retries an event with the same event_id (https://api.slack.com/apis/events-api#retries).
  eventId: (event) => event.eventId,
  events(request, params) {
    const body = parse(request.rawBody);
    const type = body.event?.type;
    if (body.type !== 'event_callback' || !type || !params.eventTypes.includes(type)) return [];
    return [
      compact({ teamId: body.team_id, eventId: body.event_id, type, event: body.event ?? {} }),
    ];
  },
});

const channels = connection.options({
  id: 'channels',
  title: 'Channels',
  async load({ http, search }) {
    const page = await http.paginate<Channel>(
      { method: 'GET', path: '/conversations.list', query: { exclude_archived: true } },
      {
        pagination: CHANNEL_PAGES,
        limit: 1000,
        pageSize: 200,
      },
    );
    return page.items
      .filter((c) => !search || (c.name ?? '').includes(search))
      .map((c) => ({ value: c.id, label: `#${c.name ?? c.id}` }));
  },
});

export const slackConnector = defineConnector({
  id: 'slack',
  title: 'Slack',
  description: 'Messages and channels in a Slack workspace, and its Events API.',
  category: 'messaging',
  icon: 'slack',
  docsUrl: 'https://api.slack.com/web',
  connection,
  operations: [sendMessage, updateMessage, listMessages, listChannels, getChannel, createChannel],
  triggers: [events],
  options: [channels],
  port: { send: ({ http }, input) => postMessage(http, input) },
});
