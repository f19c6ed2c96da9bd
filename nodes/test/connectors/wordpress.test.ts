import { afterAll, beforeAll, expect, test } from 'vitest';
import { wordpressConnector } from '../../src/connectors/wordpress/index.js';
import {
  connectorExecutors,
  openConnection,
  runOperation,
  testConnection,
} from '../../src/connectors/executors.js';
import { actionContext } from '../support/action-context.js';
import { replay } from '../support/fixtures.js';

// WordPress against exchanges recorded from the REST API handbook (each fixture names its page).

let vendor: Awaited<ReturnType<typeof replay>>;
const secret = {
  connector: 'wordpress',
  method: 'application_password',
  siteUrl: 'https://example.com/blog',
  username: 'editor',
  applicationPassword: 'abcd EFGH ijkl LMNo pqrs tuvwx',
};

beforeAll(async () => {
  vendor = await replay('wordpress');
});
afterAll(() => vendor.close());

const options = () => ({ outbound: vendor.outbound, baseUrl: `${vendor.url}/blog/wp-json/wp/v2` });
const op = (id: string) => wordpressConnector.operations.find((o) => o.id === id)!;

test('the site URL decides the base URL and the only host; WordPress.com uses its public API', () => {
  expect(wordpressConnector.connection.baseUrl(secret as never)).toBe(
    'https://example.com/blog/wp-json/wp/v2',
  );
  expect(wordpressConnector.connection.allowedHosts?.(secret as never)).toEqual(['example.com']);
  const com = {
    method: 'wordpress_com',
    site: 'news.wordpress.com',
    clientId: '1',
    clientSecret: 's',
  };
  expect(wordpressConnector.connection.baseUrl(com as never)).toBe(
    'https://public-api.wordpress.com/wp/v2/sites/news.wordpress.com',
  );
});

test('a self-hosted site is reached over https, or over http only when it is local', () => {
  const form = wordpressConnector.connection.auth[0]!.credentials;
  const withSite = (siteUrl: string) => form.safeParse({ ...secret, siteUrl }).success;
  expect(withSite('https://example.com/blog')).toBe(true);
  expect(withSite('http://127.0.0.1:3002')).toBe(true);
  expect(withSite('http://localhost:8080/wp')).toBe(true);
  expect(withSite('http://example.com/blog')).toBe(false);
});

test('cms.create_content creates a draft with the application password (spaces dropped)', async () => {
  vendor.expect('create-post');
  const executor = connectorExecutors(undefined, {
    baseUrls: { wordpress: options().baseUrl },
  }).find((e) => e.key === 'cms.create_content@1')!;
  const content = await executor.execute(
    actionContext(
      { title: 'Launch week', body: '<p>Five days of news.</p>' },
      secret,
      vendor.outbound,
    ),
  );
  vendor.done();
  expect(content).toMatchObject({
    id: '42',
    source: { connector: 'wordpress', id: '42' },
    status: 'draft',
    title: 'Launch week',
  });
});

test('update_post publishes it; list_posts pages with per_page/page', async () => {
  vendor.expect('publish-post', 'list-posts');
  const call = openConnection(wordpressConnector, secret, options());
  await expect(
    runOperation(op('update_post'), call, { id: '42', status: 'published' }, {}),
  ).resolves.toMatchObject({
    status: 'published',
    publishedAt: '2024-06-04T08:00:00Z',
    url: 'https://example.com/blog/launch-week/',
  });
  const page = await runOperation(
    op('list_posts'),
    call,
    op('list_posts').params.parse({ limit: 10, status: 'publish' }),
    {},
  );
  vendor.done();
  expect(page).toMatchObject({ items: [{ id: '42' }, { id: '41', title: 'Hello world!' }] });
});

test('wrong credentials: Test connection says what WordPress said', async () => {
  vendor.expect('users-me-unauthorized');
  await expect(testConnection(wordpressConnector, secret, options())).resolves.toEqual({
    ok: false,
    code: 'AUTH_FAILED',
    message: 'HTTP 401: You are not currently logged in.',
  });
  vendor.done();
});
