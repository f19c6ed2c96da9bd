// The interpreter loads control node types by name (loadControlNodes), so the names it loads by
// and the catalog's control nodes must be the same set, each name giving its own node type.
import { expect, test } from 'vitest';
import {
  builtinNodes,
  CONTROL_NODE_TYPES,
  loadControlNodes,
  RESPOND_WEBHOOK_TYPE,
} from '../src/index.js';

test('every built-in control node type loads by its name, and nothing else does', async () => {
  const control = builtinNodes.filter((node) => node.kind === 'control');
  expect([...CONTROL_NODE_TYPES].sort()).toEqual(control.map((node) => node.type).sort());
  const loaded = await loadControlNodes(CONTROL_NODE_TYPES);
  for (const node of control) expect(loaded.get(node.type, node.version)).toBe(node);
  expect(control.map((node) => node.type)).toContain(RESPOND_WEBHOOK_TYPE);
});

test('a catalog of a few types holds those only, ignoring names that are not control nodes', async () => {
  const loaded = await loadControlNodes(['core.if', 'core.set', 'core.if', 'core.http_request']);
  expect(
    loaded
      .list()
      .map((node) => node.type)
      .sort(),
  ).toEqual(['core.if', 'core.set']);
});
