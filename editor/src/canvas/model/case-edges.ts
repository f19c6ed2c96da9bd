import type { JsonValue, NodeCatalog, NodeInstance } from '@bizosaas/shared';
import type { EditorDoc } from './document';
import { updateNode } from './edits';
import type { Command } from './history';
import { CASE_PORT } from './node-geometry';
import type { Operation } from './operations';

/*
 * A Switch's case ports are numbered by position (`case_2` is the second case), so removing a
 * case renumbers the ones after it. Without this, the edge of the case removed would stay behind
 * on a port no longer drawn, and each later case would take over the connection of the one before
 * it: remove "bulk" and retail orders go where bulk orders went.
 */

/** A node's params changed from the inspector, its case edges following their cases. */
export function updateParams(
  doc: EditorDoc,
  catalog: NodeCatalog,
  before: NodeInstance,
  params: Record<string, JsonValue>,
): Command {
  const command = updateNode(before, { ...before, params }, 'params');
  const declared = catalog.get(before.type, before.typeVersion)?.outputs ?? [];
  const old = before.params.cases;
  const next = params.cases;
  if (!Array.isArray(old) || !Array.isArray(next) || !declared.some((o) => CASE_PORT.test(o.name)))
    return command;
  const target = caseMapping(old, next);
  const ops: Operation[] = [];
  // Last edge first, so each removal leaves the indexes of the ones still to come as they were.
  for (let index = doc.graph.edges.length - 1; index >= 0; index--) {
    const edge = doc.graph.edges[index]!;
    const port = edge.source === before.id ? CASE_PORT.exec(edge.sourceOutput) : null;
    if (!port) continue;
    const to = target(Number(port[1]) - 1);
    if (to === Number(port[1]) - 1) continue;
    ops.push({ kind: 'removeEdge', edge, index });
    if (to !== undefined)
      ops.push({ kind: 'addEdge', edge: { ...edge, sourceOutput: `case_${to + 1}` }, index });
  }
  return { ...command, ops: [...command.ops, ...ops] };
}

/**
 * Where each old case is in the new list: the cases before and after the ones that changed keep
 * their places (shifted by the count removed or added), a changed one keeps its position while
 * the new list has a case there, and the rest were removed (undefined). A port past the old list
 * had no case to follow and stays as it is.
 */
export function caseMapping(
  before: readonly JsonValue[],
  after: readonly JsonValue[],
): (index: number) => number | undefined {
  const same = (a: JsonValue | undefined, b: JsonValue | undefined) =>
    JSON.stringify(a) === JSON.stringify(b);
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && same(before[prefix], after[prefix])) prefix++;
  let suffix = 0;
  while (
    prefix + suffix < shortest &&
    same(before[before.length - 1 - suffix], after[after.length - 1 - suffix])
  )
    suffix++;
  const shift = after.length - before.length;
  return (index) => {
    if (index < prefix || index >= before.length) return index;
    if (index >= before.length - suffix) return index + shift;
    return index < after.length - suffix ? index : undefined;
  };
}
