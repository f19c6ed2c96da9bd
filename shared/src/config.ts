/**
 * Configuration from environment variables, validated with zod. One module for every process
 * (server, worker, stack scripts, tests) so a setting has one name, one default and one check.
 *
 * Pure on purpose: callers pass `process.env`; nothing here touches Node APIs, so the module
 * stays importable anywhere in `shared/`. Node-only subpath `@bizosaas/shared/config`.
 *
 * @example
 * const config = readConfig(process.env);
 * new Redis(config.REDIS_URL);
 */
import { z } from 'zod';

// WHATWG URL is global in Node and browsers; shared/ compiles without their type libraries.
declare const URL: new (input: string) => { protocol: string; hostname: string; port: string };

export const PROFILES = ['dev', 'test'] as const;
export type Profile = (typeof PROFILES)[number];

/** Where the local stack of each profile listens; production overrides every URL by env. */
const LOCAL_STACK: Record<Profile, Record<string, string>> = {
  dev: {
    DATABASE_URL: 'postgres://bizosaas:bizosaas@127.0.0.1:54320/bizosaas',
    REDIS_URL: 'redis://127.0.0.1:63790/0',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    TEMPORAL_UI_PORT: '8233',
    VAULT_ADDR: 'http://127.0.0.1:8200',
    SERVER_PORT: '3000',
    WORKER_HEALTH_PORT: '3001',
    DEMO_SERVICE_PORT: '3002',
  },
  test: {
    DATABASE_URL: 'postgres://bizosaas:bizosaas@127.0.0.1:54321/bizosaas_test',
    REDIS_URL: 'redis://127.0.0.1:63791/1',
    TEMPORAL_ADDRESS: '127.0.0.1:7243',
    TEMPORAL_UI_PORT: '8243',
    VAULT_ADDR: 'http://127.0.0.1:8210',
    SERVER_PORT: '3100',
    WORKER_HEALTH_PORT: '3101',
    DEMO_SERVICE_PORT: '3102',
  },
};

const port = z.coerce.number().int().min(1).max(65535);
/** The keys of the per-connector variables. */
const connectorId = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'keys are connector ids');
/** A variable holding JSON, parsed before its own schema checks it. */
const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const schema = z.object({
  BIZOSAAS_PROFILE: z.enum(PROFILES),
  /** Where the local stack keeps its data; only the stack scripts use it. */
  BIZOSAAS_DATA_DIR: z.string().min(1),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1),
  TEMPORAL_TASK_QUEUE: z.string().min(1),
  /**
   * Task queue of the platform worker the server hosts: activities that need PostgreSQL or the
   * notifier (approval tasks), which the flow worker by design cannot reach.
   */
  TEMPORAL_PLATFORM_TASK_QUEUE: z.string().min(1),
  TEMPORAL_UI_PORT: port,
  VAULT_ADDR: url(['http:', 'https:']),
  /** A token for the secrets engine; the local stack writes its own into .data/<profile>/stack.env. */
  VAULT_TOKEN: z.string().min(1).optional(),
  VAULT_KV_MOUNT: z.string().min(1),
  /** base64 of 32 random bytes: the AES-256-GCM key of the Temporal payload codec. */
  PAYLOAD_ENCRYPTION_KEY: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]{43}=$/.test(value),
      'must be 32 bytes in base64 (44 characters)',
    )
    .optional(),
  /** Written next to every encrypted payload, so a rotated key can still decrypt old history. */
  PAYLOAD_ENCRYPTION_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9._-]'),
  SERVER_HOST: z.string().min(1),
  SERVER_PORT: port,
  WORKER_HEALTH_PORT: port,
  /** The local stack's stand-in for external systems, which the seeded demo flows call. */
  DEMO_SERVICE_PORT: port,
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  /**
   * The bearer token Prometheus sends to read the server's /metrics; unset: only callers on the
   * server's own machine (not forwarded by a proxy) may read them.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where notification email goes out (smtp:// or smtps://, credentials in the URL); unset: no email. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3),
  /**
   * The OAuth apps registered with each vendor, by connection type:
   * `{"slack":{"clientId":"…","clientSecret":"…"}}`. A type missing here cannot be connected.
   */
  OAUTH_CLIENTS: jsonText
    .pipe(
      z.record(
        z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'keys are connection type ids'),
        z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).strict(),
      ),
    )
    .default({}),
  /**
   * Stand-ins for vendors' APIs by connector id, `{"hubspot":"http://127.0.0.1:3002"}`: every
   * connection of that connector is sent there instead (the dev stack's demo service, a vendor's
   * mock in tests). The tenant's outbound policy still decides whether the host may be reached.
   */
  CONNECTOR_BASE_URLS: jsonText.pipe(z.record(connectorId, url(['http:', 'https:']))).default({}),
  /**
   * Stand-ins for vendors' OAuth2 authorization servers by connector id,
   * `{"google_analytics":{"authorizeUrl":"…","tokenUrl":"…"}}`: Connect sends the browser to that
   * authorize page, and every code exchange and token refresh of that connector's connections
   * goes to that token endpoint (the dev stack's demo service, so its grants refresh offline).
   */
  CONNECTOR_OAUTH_URLS: jsonText
    .pipe(
      z.record(
        connectorId,
        z
          .object({ authorizeUrl: url(['http:', 'https:']), tokenUrl: url(['http:', 'https:']) })
          .strict(),
      ),
    )
    .default({}),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive(),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().nonnegative(),
  /**
   * Largest node output (JSON bytes) a run accepts; a bigger one fails that node with
   * PAYLOAD_TOO_LARGE. Kept well under Temporal's 2 MB payload limit, which it cannot exceed.
   */
  NODE_OUTPUT_MAX_BYTES: z.coerce.number().int().min(1_024).max(1_500_000),
  /**
   * Runs one tenant may start per second, every server process together (a burst of twice that
   * passes): over it an API call gets 429 and a queued webhook waits, so one tenant's burst of
   * runs cannot make every other tenant's runs wait behind it.
   */
  RUN_STARTS_PER_TENANT_PER_SECOND: z.coerce.number().int().positive(),
});

export type Config = z.infer<typeof schema>;

/** Every variable the configuration reads (the README documents each). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as Array<keyof Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration. Unset variables take the local stack's defaults for
 * the profile; a bad value fails with a message naming the variable, never echoing its value
 * (it may be a secret).
 */
export function readConfig(env: Record<string, string | undefined>): Config {
  const profileResult = z
    .enum(PROFILES)
    .default('dev')
    .safeParse(emptyToUndefined(env.BIZOSAAS_PROFILE));
  if (!profileResult.success) {
    throw new ConfigError(`BIZOSAAS_PROFILE must be one of ${PROFILES.join(', ')}`);
  }
  const profile = profileResult.data;
  const defaults: Record<string, string> = {
    BIZOSAAS_PROFILE: profile,
    BIZOSAAS_DATA_DIR: `.data/${profile}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'bizosaas-flows',
    TEMPORAL_PLATFORM_TASK_QUEUE: 'bizosaas-platform',
    VAULT_KV_MOUNT: 'secret',
    SERVER_HOST: '127.0.0.1',
    SMTP_FROM: 'BizOSaaS <no-reply@bizosaas.local>',
    LOG_LEVEL: profile === 'test' ? 'warn' : 'info',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '100',
    WORKER_MAX_CACHED_WORKFLOWS: '1000',
    PAYLOAD_ENCRYPTION_KEY_ID: 'k1',
    NODE_OUTPUT_MAX_BYTES: '1000000',
    RUN_STARTS_PER_TENANT_PER_SECOND: '10',
    ...LOCAL_STACK[profile],
  };
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    input[key] = emptyToUndefined(env[key]) ?? defaults[key];
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Host and port of a `host:port` address or a URL. */
export function hostPort(address: string): { host: string; port: number } {
  const parsed = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
