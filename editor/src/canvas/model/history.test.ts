import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@bizosaas/nodes';
import { addNode, move, newNode, remove, updateNode } from './edits';
import {
  emptyHistory,
  execute,
  MERGE_WINDOW_MS,
  record,
  redo,
  undo,
  type History,
} from './history';
import type { EditorDoc } from './document';
import { sampleDoc } from './test-doc';

const catalog = builtinCatalog();

const http = catalog.latest('core.http_request')!;

describe('history', () => {
  it('undoes and redoes adding a node', () => {
    const start = sampleDoc();
    const node = newNode(http, { x: 600, y: 0 }, start);
    const done = execute(start, emptyHistory(), addNode(node));
    expect(done.doc.graph.nodes).toHaveLength(4);
    const undone = undo(done.doc, done.history)!;
    expect(undone.doc).toEqual(start);
    expect(undone.label).toBe('Add HTTP request');
    const redone = redo(undone.doc, undone.history)!;
    expect(redone.doc).toEqual(done.doc);
  });

  it('restores deleted nodes with their edges in their original order', () => {
    const start = sampleDoc();
    const middle = start.graph.nodes[1]!;
    const done = execute(start, emptyHistory(), remove(start, { nodes: [middle.id] }));
    expect(done.doc.graph.nodes.map((n) => n.name)).toEqual(['Manual trigger', 'If']);
    expect(done.doc.graph.edges).toHaveLength(0);
    expect(undo(done.doc, done.history)!.doc).toEqual(start);
  });

  it('records a whole drag as one step that undoes to where it started', () => {
    const start = sampleDoc();
    const before = { nodes: start.graph.nodes.slice(0, 2), notes: [] };
    const after = {
      nodes: before.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: 80 } })),
      notes: [],
    };
    // The drag already moved the nodes live; the history only learns about it at the end.
    const dragged: EditorDoc = {
      ...start,
      graph: { ...start.graph, nodes: [...after.nodes, start.graph.nodes[2]!] },
    };
    const history = record(emptyHistory(), move(before, after));
    expect(history.past).toHaveLength(1);
    expect(history.past[0]!.label).toBe('Move 2 items');
    expect(undo(dragged, history)!.doc).toEqual(start);
  });

  it('merges keystrokes into one field but not edits to different fields', () => {
    const start = sampleDoc();
    const set = start.graph.nodes[1]!;
    let doc = start;
    let history: History = emptyHistory();
    let current = set;
    for (const [i, text] of ['a', 'ab', 'abc'].entries()) {
      const next = { ...current, params: { ...current.params, values: { greeting: text } } };
      ({ doc, history } = execute(
        doc,
        history,
        updateNode(current, next, 'values'),
        1_000 + i * 100,
      ));
      current = next;
    }
    expect(history.past).toHaveLength(1);
    const renamed = { ...current, name: 'Greeting' };
    ({ doc, history } = execute(doc, history, updateNode(current, renamed, 'name'), 1_400));
    expect(history.past).toHaveLength(2);
    const once = undo(doc, history)!;
    expect(once.doc.graph.nodes[1]!.name).toBe('Set');
    expect(undo(once.doc, once.history)!.doc).toEqual(start);
  });

  it('does not merge edits further apart than the merge window', () => {
    const start = sampleDoc();
    const set = start.graph.nodes[1]!;
    const a = { ...set, name: 'A' };
    const b = { ...a, name: 'B' };
    let { doc, history } = execute(start, emptyHistory(), updateNode(set, a, 'name'), 0);
    ({ doc, history } = execute(doc, history, updateNode(a, b, 'name'), MERGE_WINDOW_MS + 1));
    expect(history.past).toHaveLength(2);
    expect(doc.graph.nodes[1]!.name).toBe('B');
  });

  it('drops the redo stack when a new edit is made', () => {
    const start = sampleDoc();
    const node = newNode(http, { x: 0, y: 0 }, start);
    const done = execute(start, emptyHistory(), addNode(node));
    const undone = undo(done.doc, done.history)!;
    const other = execute(
      undone.doc,
      undone.history,
      addNode(newNode(http, { x: 1, y: 1 }, undone.doc)),
    );
    expect(other.history.future).toHaveLength(0);
    expect(redo(other.doc, other.history)).toBeUndefined();
  });

  it('has nothing to undo at the start', () => {
    expect(undo(sampleDoc(), emptyHistory())).toBeUndefined();
  });
});
