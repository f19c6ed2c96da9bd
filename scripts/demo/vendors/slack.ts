// A Slack-shaped chat: the Web API methods the Slack connector calls, as Slack documents them
// (https://api.slack.com/methods): `auth.test`, `conversations.list` (cursor pages in
// `response_metadata.next_cursor`) and `chat.postMessage`, each answering 200 with `ok: false`
// and an error code on failure, as Slack does. The demo bot's token is the only one accepted.
import type { DemoRequest, DemoResponse, DemoRoute } from './routes.js';

export const SLACK_DEMO_TOKEN = 'xoxb-demo-0000-0000';

const CHANNELS = [
  { id: 'C0DEMO0001', name: 'general' },
  { id: 'C0DEMO0002', name: 'sales' },
  { id: 'C0DEMO0003', name: 'marketing' },
  { id: 'C0DEMO0004', name: 'random' },
];

const slackError = (error: string): DemoResponse => ({ status: 200, body: { ok: false, error } });

export function slackRoutes(): DemoRoute[] {
  const messages: { channel: string; text: string; ts: string }[] = [];
  let clock = 1_700_000_000;
  const signedIn =
    (handle: (req: DemoRequest) => DemoResponse) =>
    (req: DemoRequest): DemoResponse =>
      req.headers.authorization === `Bearer ${SLACK_DEMO_TOKEN}`
        ? handle(req)
        : slackError(req.headers.authorization ? 'invalid_auth' : 'not_authed');

  return [
    ...(['GET', 'POST'] as const).map((method) => ({
      method,
      pattern: /^\/api\/auth\.test$/,
      handle: signedIn(() => ({
        status: 200,
        body: {
          ok: true,
          url: 'https://demo.slack.com/',
          team: 'Demo',
          user: 'bizosaas',
          team_id: 'T0DEMO',
          user_id: 'U0DEMO',
        },
      })),
    })),
    {
      method: 'GET',
      pattern: /^\/api\/conversations\.list$/,
      handle: signedIn((req) => {
        const limit = Number(req.query.get('limit') ?? 100);
        const start = Number(req.query.get('cursor') ?? 0);
        const page = CHANNELS.slice(start, start + limit);
        const next = start + limit < CHANNELS.length ? String(start + limit) : '';
        return {
          status: 200,
          body: {
            ok: true,
            channels: page.map((c) => ({
              ...c,
              is_channel: true,
              is_private: false,
              is_archived: false,
            })),
            response_metadata: { next_cursor: next },
          },
        };
      }),
    },
    {
      method: 'POST',
      pattern: /^\/api\/chat\.postMessage$/,
      handle: signedIn((req) => {
        const channel = String(req.json.channel ?? '');
        const text = String(req.json.text ?? '');
        if (!CHANNELS.some((c) => c.id === channel || c.name === channel.replace(/^#/, '')))
          return slackError('channel_not_found');
        if (!text) return slackError('no_text');
        const ts = `${clock++}.000100`;
        messages.push({ channel, text, ts });
        return {
          status: 200,
          body: { ok: true, channel, ts, message: { type: 'message', text, user: 'U0DEMO', ts } },
        };
      }),
    },
  ];
}
