import { z } from 'zod';
import {
  compact,
  ContentInputSchema,
  ContentSchema,
  pageOf,
  type Content,
  type ContentInput,
  type ListRequest,
} from '../../ports/canonical.js';
import {
  basicAuth,
  defineConnection,
  defineConnector,
  mapPage,
  oauth2Auth,
  oauth2ClientFields,
  type ConnectorHttp,
  type PaginationSpec,
} from '../sdk/index.js';

// WordPress REST API v2: https://developer.wordpress.org/rest-api/reference/posts/. A self-hosted
// site with an application password, or a WordPress.com site through its OAuth2 and public API.

// WordPress offers application passwords only over HTTPS or on a local development site
// (https://developer.wordpress.org/reference/functions/wp_is_application_passwords_supported/).
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const httpsOrLocal = (url: string) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || LOCAL_HOSTS.has(hostname);
};

const connection = defineConnection({
  auth: [
    basicAuth({
      id: 'application_password',
      title: 'Application password',
      credentials: z.object({
        siteUrl: z
          .url({ protocol: /^https?$/ })
          .refine(httpsOrLocal, 'the site URL must be https:// (http:// only for a local site)')
          .meta({ title: 'Site URL (https://…)' }),
        username: z.string().min(1).meta({ title: 'Username' }),
        applicationPassword: z
          .string()
          .min(1)
          .meta({ title: 'Application password', secret: true }),
      }),
      username: (c) => c.username,
      password: (c) => c.applicationPassword.replace(/\s+/g, ''),
    }),
    oauth2Auth({
      id: 'wordpress_com',
      title: 'Sign in with WordPress.com',
      credentials: z.object({
        ...oauth2ClientFields,
        site: z.string().min(1).meta({ title: 'Site (example.wordpress.com)' }),
      }),
      authorizeUrl: () => 'https://public-api.wordpress.com/oauth2/authorize',
      tokenUrl: () => 'https://public-api.wordpress.com/oauth2/token',
      scopes: ['posts'],
      pkce: false,
    }),
  ],
  baseUrl: (c) =>
    c.method === 'wordpress_com'
      ? `https://public-api.wordpress.com/wp/v2/sites/${encodeURIComponent(c.site)}`
      : `${c.siteUrl.replace(/\/+$/, '')}/wp-json/wp/v2`,
  allowedHosts: (c) =>
    c.method === 'wordpress_com' ? ['public-api.wordpress.com'] : [new URL(c.siteUrl).host],
  rateLimit: { requests: 10, perMs: 1000 },
  // Needs the credentials: anyone may read posts, only a signed-in user reads /users/me.
  test: { method: 'GET', path: '/users/me' },
});

const STATUS = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'pending',
  private: 'private',
} as const;
type WpStatus = keyof typeof STATUS;
const WP_STATUSES = Object.keys(STATUS) as [WpStatus, ...WpStatus[]];
const TO_WP = Object.fromEntries(WP_STATUSES.map((wp) => [STATUS[wp], wp])) as Record<
  (typeof STATUS)[WpStatus],
  WpStatus
>;

interface WpPost {
  id: number;
  date_gmt?: string;
  slug?: string;
  status?: WpStatus;
  link?: string;
  title?: { rendered?: string; raw?: string };
  content?: { rendered?: string; raw?: string };
}

export function toContent(raw: WpPost): Content {
  const id = String(raw.id);
  return compact({
    id,
    source: { connector: 'wordpress', id },
    title: raw.title?.raw ?? raw.title?.rendered,
    body: raw.content?.raw ?? raw.content?.rendered,
    status: raw.status ? STATUS[raw.status] : undefined,
    url: raw.link,
    slug: raw.slug,
    publishedAt: raw.status === 'publish' && raw.date_gmt ? `${raw.date_gmt}Z` : undefined,
    raw,
  });
}

const postBody = (input: Partial<ContentInput>) =>
  compact({
    title: input.title,
    content: input.body,
    status: input.status ? TO_WP[input.status] : undefined,
    slug: input.slug,
  });

const PAGES: PaginationSpec = {
  style: 'page',
  pageParam: 'page',
  limitParam: 'per_page',
  itemsPath: '',
};

async function listPosts(http: ConnectorHttp, request: ListRequest & { status?: string }) {
  const page = await http.paginate<WpPost>(
    { method: 'GET', path: '/posts', query: { status: request.status, context: 'edit' } },
    {
      pagination: PAGES,
      limit: request.limit,
      pageSize: 100,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    },
  );
  return mapPage(toContent)(page);
}

async function getPost(http: ConnectorHttp, id: string): Promise<Content> {
  const { body } = await http.request<WpPost>({
    method: 'GET',
    path: `/posts/${encodeURIComponent(id)}`,
    query: { context: 'edit' },
  });
  return toContent(body);
}

async function savePost(
  http: ConnectorHttp,
  input: Partial<ContentInput>,
  id?: string,
): Promise<Content> {
  const { body } = await http.request<WpPost>({
    method: 'POST',
    path: id ? `/posts/${encodeURIComponent(id)}` : '/posts',
    json: postBody(input),
  });
  return toContent(body);
}

const listPostsOp = connection.operation({
  id: 'list_posts',
  title: 'List posts',
  description: 'Posts, newest first, optionally of one status.',
  params: z.object({
    limit: z.int().min(1).max(1000).default(20),
    status: z.enum(WP_STATUSES).optional(),
    page: z.string().optional().meta({ title: 'Page (a page’s nextCursor)' }),
  }),
  output: pageOf(ContentSchema),
  run: ({ http, params }) =>
    listPosts(http, { limit: params.limit, cursor: params.page, status: params.status }),
});

const getPostOp = connection.operation({
  id: 'get_post',
  title: 'Get post',
  description: 'One post by id, with its raw title and content.',
  params: z.object({ id: z.string().min(1) }),
  output: ContentSchema,
  run: ({ http, params }) => getPost(http, params.id),
});

const createPostOp = connection.operation({
  id: 'create_post',
  title: 'Create post',
  description: 'Creates a post: a draft unless the status says otherwise.',
  params: ContentInputSchema,
  output: ContentSchema,
  run: ({ http, params }) => savePost(http, params),
});

const updatePostOp = connection.operation({
  id: 'update_post',
  title: 'Update post',
  description: 'Changes the title, content, status or slug of a post (publishing it, for one).',
  params: ContentInputSchema.partial().extend({ id: z.string().min(1) }),
  output: ContentSchema,
  run: ({ http, params: { id, ...input } }) => savePost(http, input, id),
});

export const wordpressConnector = defineConnector({
  id: 'wordpress',
  title: 'WordPress',
  description: 'Posts on a WordPress site (REST API v2), self-hosted or on WordPress.com.',
  category: 'cms',
  icon: 'wordpress',
  docsUrl: 'https://developer.wordpress.org/rest-api/reference/posts/',
  connection,
  operations: [listPostsOp, getPostOp, createPostOp, updatePostOp],
  port: {
    listContent: ({ http }, request) => listPosts(http, request),
    getContent: ({ http }, id) => getPost(http, id),
    createContent: ({ http }, input) => savePost(http, input),
    updateContent: ({ http }, id, input) => savePost(http, input, id),
  },
});
