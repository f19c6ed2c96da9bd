import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const BodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('json'), json: z.json() }),
  z.object({ type: z.literal('form'), form: z.record(z.string(), z.string()) }),
  z.object({
    type: z.literal('raw'),
    raw: z.string(),
    contentType: z.string().default('text/plain'),
  }),
]);

/** What an `http_auth` connection stores in the secrets engine. */
export const HttpAuthCredentialsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.object({ type: z.literal('header'), name: z.string().min(1), value: z.string().min(1) }),
]);
export type HttpAuthCredentials = z.infer<typeof HttpAuthCredentialsSchema>;

export const httpRequestNode = defineNode({
  type: 'core.http_request',
  version: 1,
  kind: 'action',
  title: 'HTTP request',
  description:
    'Calls any HTTP API. Internal and cloud-metadata addresses are refused unless the tenant’s settings allow them.',
  category: 'Connectors',
  icon: 'globe',
  params: z.object({
    method: z.enum(HTTP_METHODS).default('GET'),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).default({}),
    query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    body: BodySchema.default({ type: 'none' }),
    timeoutMs: z.int().min(1).max(300_000).default(30_000),
    response: z.enum(['auto', 'json', 'text']).default('auto'),
    /** Treat 4xx/5xx as a node failure (retrying 408, 429 and 5xx); off: return them as output. */
    failOnHttpError: z.boolean().default(true),
  }),
  inputs: [{ name: 'main' }],
  outputs: [
    {
      name: 'main',
      schema: z.object({
        status: z.int(),
        headers: z.record(z.string(), z.string()),
        body: z.unknown(),
      }),
    },
  ],
  connectionType: 'http_auth',
  connectionOptional: true,
});
