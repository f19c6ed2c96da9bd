import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { json, startVendor, type ReceivedRequest } from './vendor-server.js';

/**
 * A vendor exchange recorded from the vendor's documentation: the request an operation must send
 * (in full: method, path, query, JSON body) and the documented answer. `page` names where it is from.
 */
export interface Fixture {
  page: string;
  request: {
    method: string;
    path: string;
    query?: Record<string, string | string[]>;
    body?: unknown;
    headers?: Record<string, string>;
  };
  response: { status: number; body: unknown; headers?: Record<string, string> };
}

export function loadFixture(connector: string, name: string): Fixture {
  const file = join(import.meta.dirname, '../fixtures', connector, `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Fixture;
}

/**
 * Replays fixtures in order: each request received must be the next fixture's request exactly,
 * and is answered with its documented response. `done()` checks that every fixture was used.
 */
export async function replay(connector: string) {
  let queue: Fixture[] = [];
  const mismatches: string[] = [];
  const vendor = await startVendor((received: ReceivedRequest, res) => {
    const next = queue.shift();
    if (!next) {
      mismatches.push(`unexpected ${received.method} ${received.path}`);
      return json(res, 500, { message: 'no fixture left' });
    }
    const sent = {
      method: received.method,
      path: received.path,
      query: received.query,
      ...(received.body ? { body: JSON.parse(received.body) as unknown } : {}),
    };
    const expected = { query: {}, ...next.request };
    delete expected.headers;
    try {
      expect(sent).toEqual(expected);
      for (const [name, value] of Object.entries(next.request.headers ?? {}))
        expect(received.headers[name]).toBe(value);
    } catch (error) {
      mismatches.push(`${next.page}: ${(error as Error).message}`);
    }
    json(res, next.response.status, next.response.body, next.response.headers);
  });
  return {
    ...vendor,
    /** Queues these fixtures (by file name) for the next requests. */
    expect(...names: string[]) {
      queue.push(...names.map((n) => loadFixture(connector, n)));
    },
    done() {
      const left = queue.map((f) => `${f.request.method} ${f.request.path}`);
      queue = [];
      const found = mismatches.splice(0);
      expect({ mismatches: found, unused: left }).toEqual({ mismatches: [], unused: [] });
    },
  };
}
