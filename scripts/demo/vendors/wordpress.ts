// A WordPress-shaped CMS: the REST API v2 posts routes as WordPress documents them
// (https://developer.wordpress.org/rest-api/reference/posts/), so the WordPress connector talks to
// it unchanged. Reads of published posts are public; drafts, writes and /users/me need the demo
// user's application password (Basic auth), as on a real site.
import type { DemoRequest, DemoResponse, DemoRoute } from './routes.js';

export const WORDPRESS_DEMO_USER = { username: 'demo', applicationPassword: 'demo demo demo demo' };

const STATUSES = ['publish', 'future', 'draft', 'pending', 'private'] as const;
type Status = (typeof STATUSES)[number];

interface Post {
  id: number;
  date: string;
  date_gmt: string;
  modified_gmt: string;
  slug: string;
  status: Status;
  title: string;
  content: string;
}

const wpError = (status: number, code: string, message: string): DemoResponse => ({
  status,
  body: { code, message, data: { status } },
});

/** WordPress's timestamps: ISO 8601 without a zone (date_gmt is UTC). */
const gmt = (at: Date) => at.toISOString().slice(0, 19);

/** `siteUrl` is read per request: the service knows its port only once it listens. */
export function wordpressRoutes(siteUrl: () => string): DemoRoute[] {
  const posts = new Map<number, Post>();
  let nextId = 1;

  const view = (post: Post, edit: boolean) => ({
    id: post.id,
    date: post.date,
    date_gmt: post.date_gmt,
    modified_gmt: post.modified_gmt,
    slug: post.slug,
    status: post.status,
    type: 'post',
    link: `${siteUrl()}/?p=${post.id}`,
    title: { rendered: post.title, ...(edit ? { raw: post.title } : {}) },
    content: {
      rendered: `${post.content}\n`,
      protected: false,
      ...(edit ? { raw: post.content } : {}),
    },
    author: 1,
  });

  const signedIn = (req: DemoRequest) => {
    const expected = Buffer.from(
      `${WORDPRESS_DEMO_USER.username}:${WORDPRESS_DEMO_USER.applicationPassword.replace(/\s+/g, '')}`,
    ).toString('base64');
    return req.headers.authorization === `Basic ${expected}`;
  };
  const refused = () =>
    wpError(401, 'rest_cannot_create', 'Sorry, you are not allowed to do that.');

  function save(req: DemoRequest, existing?: Post): DemoResponse {
    if (!signedIn(req)) return refused();
    const body = req.json;
    const status = body.status ?? existing?.status ?? 'draft';
    if (!STATUSES.includes(status as Status))
      return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
    const now = new Date();
    const post: Post = existing ?? {
      id: nextId++,
      date: gmt(now),
      date_gmt: gmt(now),
      modified_gmt: gmt(now),
      slug: '',
      status: 'draft',
      title: '',
      content: '',
    };
    Object.assign(post, {
      status,
      modified_gmt: gmt(now),
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(typeof body.content === 'string' ? { content: body.content } : {}),
      ...(typeof body.slug === 'string' ? { slug: body.slug } : {}),
    });
    // WordPress gives a post its slug when it is published.
    if (post.status === 'publish' && !post.slug)
      post.slug = post.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    posts.set(post.id, post);
    return { status: existing ? 200 : 201, body: view(post, true) };
  }

  const find = (id: string | undefined) => posts.get(Number(id));
  const invalidId = () => wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');

  return [
    {
      method: 'GET',
      pattern: /^\/wp-json\/wp\/v2\/posts$/,
      handle(req) {
        const edit = req.query.get('context') === 'edit';
        const statuses = (req.query.get('status') ?? 'publish').split(',');
        if (statuses.some((s) => !STATUSES.includes(s as Status)))
          return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
        if ((edit || statuses.some((s) => s !== 'publish')) && !signedIn(req))
          return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): status');
        const perPage = Number(req.query.get('per_page') ?? 10);
        const page = Number(req.query.get('page') ?? 1);
        if (!(perPage >= 1 && perPage <= 100))
          return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page');
        const matching = [...posts.values()]
          .filter((p) => statuses.includes(p.status))
          .sort((a, b) => b.date_gmt.localeCompare(a.date_gmt) || b.id - a.id);
        const pages = Math.ceil(matching.length / perPage);
        if (page > Math.max(pages, 1))
          return wpError(
            400,
            'rest_post_invalid_page_number',
            'The page number requested is larger than the number of pages available.',
          );
        return {
          status: 200,
          headers: { 'x-wp-total': String(matching.length), 'x-wp-totalpages': String(pages) },
          body: matching.slice((page - 1) * perPage, page * perPage).map((p) => view(p, edit)),
        };
      },
    },
    { method: 'POST', pattern: /^\/wp-json\/wp\/v2\/posts$/, handle: (req) => save(req) },
    {
      method: 'GET',
      pattern: /^\/wp-json\/wp\/v2\/posts\/(\d+)$/,
      handle(req) {
        const post = find(req.params[0]);
        const edit = req.query.get('context') === 'edit';
        if (!post || (post.status !== 'publish' && !signedIn(req))) return invalidId();
        if (edit && !signedIn(req))
          return wpError(
            401,
            'rest_forbidden_context',
            'Sorry, you are not allowed to edit this post.',
          );
        return { status: 200, body: view(post, edit) };
      },
    },
    ...(['POST', 'PUT', 'PATCH'] as const).map((method) => ({
      method,
      pattern: /^\/wp-json\/wp\/v2\/posts\/(\d+)$/,
      handle(req: DemoRequest) {
        const post = find(req.params[0]);
        return post ? save(req, post) : invalidId();
      },
    })),
    {
      method: 'GET',
      pattern: /^\/wp-json\/wp\/v2\/users\/me$/,
      handle: (req) =>
        signedIn(req)
          ? {
              status: 200,
              body: { id: 1, name: 'Demo Editor', slug: WORDPRESS_DEMO_USER.username },
            }
          : wpError(401, 'rest_not_logged_in', 'You are not currently logged in.'),
    },
  ];
}
