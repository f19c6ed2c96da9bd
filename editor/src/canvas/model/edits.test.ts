import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { newNode } from './edits';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

const http = catalog.latest('core.http_request')!;

describe('new nodes', () => {
  it('start with every param default, even when another param is required', () => {
    const node = newNode(catalog.latest('core.webhook_trigger')!, { x: 0, y: 0 }, sampleDoc());
    expect(node.params).toEqual({
      method: 'POST',
      auth: 'secret_header',
      responseMode: 'async',
      timeoutMs: 30_000,
    });
    expect(newNode(http, { x: 0, y: 0 }, sampleDoc()).params).toMatchObject({
      method: 'GET',
      body: { type: 'none' },
    });
  });
});
