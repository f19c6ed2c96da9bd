// Regression: the editor's pages (and every API answer) were sent with no Content-Security-Policy,
// frame-ancestors / X-Frame-Options, nosniff or Referrer-Policy, so any site could frame the
// editor (clickjacking) and nothing limited where its pages load code from. That the built editor
// works under the policy is checked in Chromium by editor/test/regression/content-security-policy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.js';

let server: TestServer;
const editorDir = mkdtempSync(join(tmpdir(), 'bizosaas-headers-'));
beforeAll(async () => {
  writeFileSync(join(editorDir, 'index.html'), '<!doctype html><title>BizOSaaS</title>');
  server = await startTestServer({ editorDir });
});
afterAll(async () => {
  await server.close();
  rmSync(editorDir, { recursive: true, force: true });
});

it.each(['/', '/flows/some-flow', '/index.html', '/healthz', '/trpc/auth.me'])(
  '%s carries the security headers',
  async (path) => {
    const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  },
);
