import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../catalog/builtin-catalog';
import { newNode } from './edits';
import { sampleDoc } from './test-doc';

const http = builtinCatalog.latest('core.http_request')!;

describe('new nodes', () => {
  it('start with every param default, even when another param is required', () => {
    const node = newNode(builtinCatalog.latest('core.approval')!, { x: 0, y: 0 }, sampleDoc());
    expect(node.params).toEqual({ context: '', assigneeRole: 'approver' });
    expect(newNode(http, { x: 0, y: 0 }, sampleDoc()).params).toMatchObject({
      method: 'GET',
      body: { type: 'none' },
    });
  });
});
