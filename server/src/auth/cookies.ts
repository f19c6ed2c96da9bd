// The session cookie (httpOnly: scripts cannot read it) and the CSRF cookie (readable, so the
// editor can copy it into the `x-csrf-token` header of every mutation).
import type { Request, Response } from 'express';
import { CSRF_COOKIE } from '@bizosaas/shared';
import type { Config } from '@bizosaas/shared/config';

export const SESSION_COOKIE = 'bz_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function secure(config: Config): boolean {
  return config.PUBLIC_URL?.startsWith('https:') ?? false;
}

export function setSessionCookies(
  res: Response,
  config: Config,
  session: { token: string; csrfToken: string },
) {
  const common = { path: '/', secure: secure(config), maxAge: SESSION_TTL_MS } as const;
  res.cookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true, sameSite: 'lax' });
  res.cookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false, sameSite: 'strict' });
}

export function clearSessionCookies(res: Response, config: Config) {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE])
    res.clearCookie(name, { path: '/', secure: secure(config) });
}
