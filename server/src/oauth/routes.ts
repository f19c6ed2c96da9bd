// GET /oauth/callback: where OAuth providers send the browser back. It answers a page, not JSON:
// on success a redirect to the connection in the editor, otherwise a short page saying what went
// wrong and that nothing was connected.
import { Router, type Request, type Response } from 'express';
import { resolveCaller } from '../auth/caller.js';
import type { Services } from '../services.js';
import { CallbackError, completeAuthorization } from './connect.js';

export function oauthRoutes(services: Services) {
  const router = Router();
  router.get('/callback', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    // The code in the URL must not leak to a page linked from here.
    res.setHeader('Referrer-Policy', 'no-referrer');
    const em = services.orm.em.fork();
    try {
      const caller = await resolveCaller(em, req).catch(() => null);
      const connection = await completeAuthorization(
        { ...services.connections, em },
        caller,
        req.query,
      );
      res.redirect(303, `/connections?connected=${encodeURIComponent(connection.id)}`);
    } catch (error) {
      const known = error instanceof CallbackError;
      if (!known) req.log.error({ err: error }, 'OAuth callback failed');
      res
        .status(known ? 400 : 500)
        .type('html')
        .send(
          errorPage(
            known
              ? error.message
              : 'Something went wrong while finishing the connection. Nothing was connected: try again.',
          ),
        );
    }
  });
  return router;
}

function errorPage(message: string): string {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Connection not completed · BizOSaaS</title></head>' +
    '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">' +
    '<main><h1>Connection not completed</h1>' +
    `<p role="alert">${text}</p>` +
    '<p><a href="/connections">Back to Connections</a></p></main></body></html>'
  );
}
