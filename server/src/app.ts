// The HTTP surface: tRPC at /trpc, webhooks at /hooks, /healthz, /metrics and the built editor.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError, errorBody, toAppError } from './errors.js';
import type { HealthReport } from './health.js';
import { requestContext } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import type { LiveStream } from './live/live-stream.js';
import type { Services } from './services.js';
import { requireJsonPost, trpcMiddleware } from './trpc/middleware.js';
import { webhookRoutes } from './webhooks/routes.js';
import { connectorEventRoutes } from './webhooks/connector-events.js';
import { oauthRoutes } from './oauth/routes.js';

/** The editor as `npm run build -w editor` leaves it. */
const EDITOR_DIST = fileURLToPath(new URL('../../editor/dist/', import.meta.url));
/** Paths that are never editor pages: an unknown API path stays a JSON 404. */
const NOT_PAGES = /^\/(trpc|hooks|events|healthz|metrics|oauth)(\/|$)/;

export function createApp(deps: {
  health: () => Promise<HealthReport>;
  services: Services;
  /** Server-sent live notices at /events, a chat's answers as written at /events/chat/<id>. */
  live: LiveStream;
  /** The built editor to serve instead of editor/dist. */
  editorDir?: string;
}) {
  const { services } = deps;
  const editorDir = deps.editorDir ?? EDITOR_DIST;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(services.logger));
  app.use(securityHeaders());
  app.use(services.metrics.httpTimer());
  app.use((req, res, next) => {
    const started = performance.now();
    res.once('finish', () =>
      req.log.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      ),
    );
    next();
  });

  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.ok ? 200 : 503).json(report);
  });

  app.get('/metrics', services.metrics.endpoint(services.config.METRICS_TOKEN));

  app.use('/trpc', requireJsonPost, trpcMiddleware(services));
  app.use('/hooks', connectorEventRoutes(services));
  app.use('/hooks', webhookRoutes(services));
  app.use('/oauth', oauthRoutes(services));
  app.get('/events', deps.live.handler);
  app.get('/events/chat/:conversationId', deps.live.chat);

  if (existsSync(join(editorDir, 'index.html'))) {
    // Hashed file names change with their content, so those may be cached for good.
    app.use(
      express.static(editorDir, {
        index: false,
        setHeaders: (res, path) => {
          if (path.startsWith(join(editorDir, 'assets')))
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    // Deep links (/flows/…) are the app's routes: any other page request gets its index.html.
    app.use((req, res, next) => {
      if (!['GET', 'HEAD'].includes(req.method) || NOT_PAGES.test(req.path) || !req.accepts('html'))
        return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile('index.html', { root: editorDir });
    });
  } else {
    // A server started without a built editor says so instead of a 404.
    app.get('/', (_req, res) => {
      res
        .type('html')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>BizOSaaS</title></head>' +
            '<body><main><h1>BizOSaaS</h1><p>The server is running; the editor is not built (npm run build -w editor).</p>' +
            '<p><a href="/healthz">Service health</a></p></main></body></html>',
        );
    });
  }

  app.use((_req, _res, next) => next(new AppError('NOT_FOUND', 'no such route')));

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') req.log.error({ err: error }, 'request failed');
    if (res.headersSent) return res.end();
    const retryAfter = appError.retryAfterSeconds;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(appError.status).json({ error: errorBody(appError, req.id) });
  });

  return app;
}
