// Prometheus metrics at /metrics: HTTP latency, runs started and failed, webhook queue depth and
// the approval backlog. Gauges that depend on other systems are read when Prometheus scrapes.
// Labels come from closed sets, and reading the metrics takes METRICS_TOKEN (or being local).
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PERMISSIONS } from '../auth/permissions.js';
import { safeEqual } from '../auth/tokens.js';
import { AppError } from '../errors.js';

export interface MetricSources {
  /** Webhook ingress jobs waiting or running. */
  queueDepth?: () => Promise<number>;
  /** Approval tasks waiting for a decision. */
  approvalBacklog?: () => Promise<number>;
  /** Runs that ended failed, as Temporal visibility counts them. */
  failedRuns?: () => Promise<number>;
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const runsStarted = new Counter({
    name: 'runs_started_total',
    help: 'Runs started by this server, by trigger',
    labelNames: ['trigger'] as const,
    registers: [registry],
  });
  const runsStartFailed = new Counter({
    name: 'runs_start_failed_total',
    help: 'Run starts that Temporal refused or did not answer',
    registers: [registry],
  });
  const sources: MetricSources = {};
  const gauge = (name: string, help: string, read: () => (() => Promise<number>) | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const source = read();
        if (!source) return;
        try {
          this.set(await source());
        } catch {
          // A dependency that is down leaves the gauge at its last value; /healthz reports it.
        }
      },
    });
  gauge('webhook_queue_depth', 'Webhook ingress jobs waiting or active', () => sources.queueDepth);
  gauge('approval_backlog', 'Approval tasks waiting for a decision', () => sources.approvalBacklog);
  gauge(
    'runs_failed',
    'Runs that ended in failure (Temporal visibility)',
    () => sources.failedRuns,
  );

  return {
    registry,
    runsStarted,
    runsStartFailed,
    sources,
    /** Express middleware timing every request; the route label is the mount, never raw ids. */
    httpTimer() {
      return (req: Request, res: Response, next: NextFunction) => {
        const end = httpDuration.startTimer({ method: req.method });
        res.once('finish', () => end({ route: routeLabel(req), status: String(res.statusCode) }));
        next();
      };
    },
    /**
     * GET /metrics. With `token` set, only `Authorization: Bearer <token>` reads it; without, only
     * callers on this machine do (a local Prometheus), never one forwarded by a proxy.
     */
    endpoint(token: string | undefined) {
      return async (req: Request, res: Response) => {
        if (token) {
          const sent = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
          if (!sent || !safeEqual(sent, token)) {
            res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
            throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <METRICS_TOKEN>');
          }
        } else if (!isLoopback(req.ip))
          throw new AppError(
            'FORBIDDEN',
            'metrics are served only to this machine unless METRICS_TOKEN is set',
          );
        res.type(registry.contentType).send(await registry.metrics());
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

function isLoopback(ip: string | undefined): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip ?? '');
}

/**
 * A bounded label: a tRPC path only if it names a procedure (every procedure is in the permission
 * matrix), so calls to made-up paths cannot grow the number of series without end.
 */
function routeLabel(req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  if (path.startsWith('/trpc/')) {
    const procedure = path.slice(6).split(',')[0] ?? '';
    return Object.hasOwn(PERMISSIONS, procedure) ? `/trpc/${procedure}` : '/trpc/:unknown';
  }
  if (path.startsWith('/hooks/')) return '/hooks/:tenant/:path';
  if (['/healthz', '/metrics', '/'].includes(path)) return path;
  return 'other';
}
