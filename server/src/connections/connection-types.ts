// The connection types a tenant may create: one per connector (its id is the type), plus the two
// the platform itself uses (`http_auth` for the HTTP request node, `slack_webhook` for approval
// notifications). A connection's type is always one of these, never free text, and its form and
// its stored secret follow the type's auth methods.
import { z } from 'zod';
import type { Config } from '@bizosaas/shared/config';
import type { AuthKind, AuthMethod, Connector, OAuth2Auth } from '@bizosaas/nodes';
import { AppError } from '../errors.js';

/** A way to connect: what the form asks for and how it is used. */
export interface ConnectionMethod {
  id: string;
  title: string;
  kind: AuthKind;
  /** The form's fields; `.meta({ secret: true })` marks write-only ones. */
  credentials: z.ZodObject;
  /** For `oauth2`: the authorization endpoints and scopes. */
  oauth2?: OAuth2Auth<string, z.ZodObject>;
}

export interface ConnectionType {
  id: string;
  title: string;
  description: string;
  /** A connector category (`crm`, …) or `platform` for the platform's own types. */
  category: string;
  icon: string;
  docsUrl?: string;
  methods: readonly ConnectionMethod[];
  /** Absent for the platform's own types, which have no test request. */
  connector?: Connector;
  /** The secret written for these fields (before OAuth tokens are added). */
  secretOf(method: string, fields: Record<string, unknown>): Record<string, unknown>;
}

const methodOf = (auth: AuthMethod): ConnectionMethod => ({
  id: auth.id,
  title: auth.title,
  kind: auth.kind,
  credentials: auth.credentials,
  ...(auth.kind === 'oauth2' ? { oauth2: auth } : {}),
});

export function connectorConnectionType(connector: Connector): ConnectionType {
  return {
    id: connector.id,
    title: connector.title,
    description: connector.description,
    category: connector.category,
    icon: connector.icon,
    docsUrl: connector.docsUrl,
    methods: connector.connection.auth.map(methodOf),
    connector,
    // The shape every connector executor reads (ConnectionSecretSchema in @bizosaas/nodes).
    secretOf: (method, fields) => ({ connector: connector.id, method, ...fields }),
  };
}

const secret = (title: string) => z.string().min(1).max(10_000).meta({ title, secret: true });

/** What the HTTP request node reads (HttpAuthCredentialsSchema): `type` names the method. */
const HTTP_AUTH: ConnectionType = {
  id: 'http_auth',
  title: 'HTTP authentication',
  description: 'A token, password or header for the HTTP request node.',
  category: 'platform',
  icon: 'globe',
  methods: [
    {
      id: 'bearer',
      title: 'Bearer token',
      kind: 'bearer',
      credentials: z.object({ token: secret('Token') }),
    },
    {
      id: 'basic',
      title: 'User name and password',
      kind: 'basic',
      credentials: z.object({
        username: z.string().min(1).max(500).meta({ title: 'User name' }),
        password: secret('Password'),
      }),
    },
    {
      id: 'header',
      title: 'Header',
      kind: 'api_key',
      credentials: z.object({
        name: z.string().min(1).max(200).meta({ title: 'Header name' }),
        value: secret('Header value'),
      }),
    },
  ],
  secretOf: (method, fields) => ({ type: method, ...fields }),
};

/** Approval notifications post to this incoming webhook (notifications/slack-webhooks.ts). */
const SLACK_WEBHOOK: ConnectionType = {
  id: 'slack_webhook',
  title: 'Slack incoming webhook',
  description: 'Posts approval requests to a Slack channel.',
  category: 'platform',
  icon: 'message-square',
  methods: [
    {
      id: 'webhook',
      title: 'Incoming webhook URL',
      kind: 'api_key',
      credentials: z.object({
        url: z
          .url({ protocol: /^https?$/ })
          .max(2_000)
          .meta({
            title: 'Incoming webhook URL',
            secret: true,
          }),
      }),
    },
  ],
  secretOf: (_method, fields) => fields,
};

export const PLATFORM_CONNECTION_TYPES: readonly ConnectionType[] = [HTTP_AUTH, SLACK_WEBHOOK];

export interface ConnectionTypes {
  list(): readonly ConnectionType[];
  /** @throws AppError BAD_REQUEST for a type that is not registered. */
  get(id: string): ConnectionType;
  method(type: ConnectionType, methodId: string | undefined): ConnectionMethod;
  /** The platform's OAuth app for this type (OAUTH_CLIENTS), if one is configured. */
  platformClient(typeId: string): { id: string; secret: string } | undefined;
}

export function connectionTypes(connectors: readonly Connector[], config: Config): ConnectionTypes {
  const all = [...PLATFORM_CONNECTION_TYPES, ...connectors.map(connectorConnectionType)];
  const byId = new Map(all.map((type) => [type.id, type]));
  return {
    list: () => all,
    get(id) {
      const type = byId.get(id);
      if (!type)
        throw new AppError('BAD_REQUEST', `unknown connection type "${id}"`, {
          known: [...byId.keys()],
        });
      return type;
    },
    method(type, methodId) {
      const method = methodId ? type.methods.find((m) => m.id === methodId) : type.methods[0];
      if (!method)
        throw new AppError(
          'BAD_REQUEST',
          `${type.title} connects with ${type.methods.map((m) => `"${m.id}"`).join(' or ')}, not "${methodId}"`,
        );
      return method;
    },
    platformClient(typeId) {
      const app = config.OAUTH_CLIENTS[typeId];
      return app ? { id: app.clientId, secret: app.clientSecret } : undefined;
    },
  };
}

/** Field names the form must never show back: `.meta({ secret: true })`. */
export function secretFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => {
      // `.meta()` sits on the inner schema of `.optional()` as often as on the field itself.
      const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : undefined;
      return ((field as z.ZodType).meta() ?? inner?.meta())?.secret === true;
    })
    .map(([key]) => key);
}

/**
 * The form for a method as JSON Schema. With a platform OAuth app configured, the client id and
 * secret are the platform's, so the form does not ask for them.
 */
export function formSchema(types: ConnectionTypes, type: ConnectionType, method: ConnectionMethod) {
  const schema =
    method.kind === 'oauth2' && types.platformClient(type.id)
      ? method.credentials.omit({ clientId: true, clientSecret: true } as never)
      : method.credentials;
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
}
