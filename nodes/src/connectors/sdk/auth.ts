import { z } from 'zod';

/** How a connection proves who it is. `custom` signers (AWS SigV4, …) get their own kind when one is needed. */
export type AuthKind = 'api_key' | 'basic' | 'bearer' | 'oauth2' | 'oauth2_client_credentials';

/**
 * The tokens the platform keeps for an OAuth2 connection, under `oauth2` in its stored secret: the
 * server writes them after the authorization callback, the HTTP client after each refresh.
 */
export const OAuth2TokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** When the access token expires, epoch milliseconds; absent when the vendor does not say. */
  expiresAt: z.number().optional(),
  scope: z.string().optional(),
  tokenType: z.string().optional(),
});
export type OAuth2Tokens = z.infer<typeof OAuth2TokensSchema>;

/** The two fields every OAuth2 method's credential schema carries: the tenant's (or platform's) OAuth app. */
export const oauth2ClientFields = {
  clientId: z.string().min(1).meta({ title: 'Client ID' }),
  clientSecret: z.string().min(1).meta({ title: 'Client secret', secret: true }),
};

type Fields = z.ZodObject;

interface AuthMethodBase<Id extends string, S extends Fields> {
  /** Stable id, stored in the connection's secret as `method`. */
  readonly id: Id;
  readonly title: string;
  /**
   * What the connection form asks for (fields marked `.meta({ secret: true })` are write-only).
   * OAuth2 tokens are not part of it: they live beside these fields under `oauth2`.
   */
  readonly credentials: S;
}

export interface ApiKeyAuth<Id extends string, S extends Fields> extends AuthMethodBase<Id, S> {
  readonly kind: 'api_key';
  readonly in: 'header' | 'query';
  /** Header or query parameter name. */
  readonly name: string;
  /** The header or parameter value, e.g. `Zoho-oauthtoken ${c.key}`. */
  value(credentials: z.output<S>): string;
}

export interface BasicAuth<Id extends string, S extends Fields> extends AuthMethodBase<Id, S> {
  readonly kind: 'basic';
  username(credentials: z.output<S>): string;
  password(credentials: z.output<S>): string;
}

export interface BearerAuth<Id extends string, S extends Fields> extends AuthMethodBase<Id, S> {
  readonly kind: 'bearer';
  token(credentials: z.output<S>): string;
}

export interface OAuth2Auth<Id extends string, S extends Fields> extends AuthMethodBase<Id, S> {
  /** Authorization code grant, with PKCE (S256) when `pkce`, refreshed before expiry. */
  readonly kind: 'oauth2';
  authorizeUrl(credentials: z.output<S>): string;
  tokenUrl(credentials: z.output<S>): string;
  readonly scopes: readonly string[];
  /** How scopes are joined in the authorize URL: RFC 6749 says a space; Slack and Zoho use commas. */
  readonly scopeSeparator: ' ' | ',';
  readonly pkce: boolean;
  /** `basic`: client id and secret in an Authorization header; `body`: as form fields. */
  readonly clientAuth: 'basic' | 'body';
  /** Vendor extras on the authorize URL (Zoho's `access_type=offline`, Google's `prompt=consent`). */
  readonly authorizeParams?: Readonly<Record<string, string>>;
  /** How the access token is sent; `Bearer` unless the vendor wants its own scheme. */
  readonly tokenPrefix?: string;
  /** Header instead of Authorization (Shopify's `X-Shopify-Access-Token`, sent without prefix). */
  readonly tokenHeader?: string;
  client(credentials: z.output<S>): { id: string; secret: string };
}

export interface OAuth2ClientCredentialsAuth<
  Id extends string,
  S extends Fields,
> extends AuthMethodBase<Id, S> {
  readonly kind: 'oauth2_client_credentials';
  tokenUrl(credentials: z.output<S>): string;
  readonly scopes: readonly string[];
  readonly clientAuth: 'basic' | 'body';
  client(credentials: z.output<S>): { id: string; secret: string };
}

export type AuthMethod<Id extends string = string, S extends Fields = Fields> =
  | ApiKeyAuth<Id, S>
  | BasicAuth<Id, S>
  | BearerAuth<Id, S>
  | OAuth2Auth<Id, S>
  | OAuth2ClientCredentialsAuth<Id, S>;

/** What `ctx.credentials` holds for a connection with these auth methods: one member per method. */
export type CredentialsOf<M extends readonly AuthMethod[]> = {
  [K in keyof M]: M[K] extends AuthMethod<infer Id, infer S>
    ? { method: Id } & z.output<S> & { oauth2?: OAuth2Tokens }
    : never;
}[number];

type Spec<T> = Omit<T, 'kind'>;
type WithDefaults<T, D extends keyof T> = Omit<T, D> & Partial<Pick<T, D>>;

/** An API key in a header or query parameter. */
export function apiKeyAuth<const Id extends string, S extends Fields>(
  spec: Spec<ApiKeyAuth<Id, S>>,
): ApiKeyAuth<Id, S> {
  return { kind: 'api_key', ...spec };
}

export function basicAuth<const Id extends string, S extends Fields>(
  spec: Spec<BasicAuth<Id, S>>,
): BasicAuth<Id, S> {
  return { kind: 'basic', ...spec };
}

export function bearerAuth<const Id extends string, S extends Fields>(
  spec: Spec<BearerAuth<Id, S>>,
): BearerAuth<Id, S> {
  return { kind: 'bearer', ...spec };
}

/** OAuth2 authorization code; PKCE on, a space between scopes and client secret in the body unless said otherwise. */
export function oauth2Auth<const Id extends string, S extends Fields>(
  spec: WithDefaults<Spec<OAuth2Auth<Id, S>>, 'pkce' | 'scopeSeparator' | 'clientAuth' | 'client'>,
): OAuth2Auth<Id, S> {
  return {
    kind: 'oauth2',
    pkce: true,
    scopeSeparator: ' ',
    clientAuth: 'body',
    client: defaultClient,
    ...spec,
  };
}

export function oauth2ClientCredentialsAuth<const Id extends string, S extends Fields>(
  spec: WithDefaults<Spec<OAuth2ClientCredentialsAuth<Id, S>>, 'clientAuth' | 'client'>,
): OAuth2ClientCredentialsAuth<Id, S> {
  return { kind: 'oauth2_client_credentials', clientAuth: 'body', client: defaultClient, ...spec };
}

function defaultClient(credentials: unknown): { id: string; secret: string } {
  const c = credentials as { clientId?: unknown; clientSecret?: unknown };
  return { id: String(c.clientId ?? ''), secret: String(c.clientSecret ?? '') };
}
