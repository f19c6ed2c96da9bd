// The HTTP surface. Later issues mount /trpc, /hooks and the built editor here.
import express from 'express';
import type { HealthReport } from './health.js';

export function createApp(deps: { health: () => Promise<HealthReport> }) {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.ok ? 200 : 503).json(report);
  });

  // Until the editor lands (issue 7) the root says where things stand instead of a 404.
  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>BizOSaaS</title></head>' +
          '<body><main><h1>BizOSaaS</h1><p>The server is running; the editor is not built yet.</p>' +
          '<p><a href="/healthz">Service health</a></p></main></body></html>',
      );
  });

  return app;
}
