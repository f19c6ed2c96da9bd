import type { Problem } from '@bizosaas/shared';

/** What a node's badge shows: counts by severity and the messages for its tooltip. */
export interface NodeProblems {
  errors: number;
  warnings: number;
  messages: string[];
}

/**
 * Groups validator problems by the node they concern. A problem about an edge is shown on the
 * edge's target node as well, since an edge has no badge of its own.
 */
export function problemsByNode(
  problems: readonly Problem[],
  edgeTargets: ReadonlyMap<string, string>,
): Map<string, NodeProblems> {
  const byNode = new Map<string, NodeProblems>();
  for (const problem of problems) {
    const nodeId =
      problem.nodeId ??
      (problem.edgeId === undefined ? undefined : edgeTargets.get(problem.edgeId));
    if (nodeId === undefined) continue;
    const entry = byNode.get(nodeId) ?? { errors: 0, warnings: 0, messages: [] };
    if (problem.severity === 'error') entry.errors += 1;
    else entry.warnings += 1;
    entry.messages.push(problem.message);
    byNode.set(nodeId, entry);
  }
  return byNode;
}

/** The problems list order: errors before warnings, then by node so one node's problems sit together. */
export function sortProblems(
  problems: readonly Problem[],
  nodeOrder: ReadonlyMap<string, number>,
): Problem[] {
  const rank = (p: Problem) => nodeOrder.get(p.nodeId ?? '') ?? Number.MAX_SAFE_INTEGER;
  return [...problems].sort((a, b) =>
    a.severity === b.severity ? rank(a) - rank(b) : a.severity === 'error' ? -1 : 1,
  );
}

/** Problems of one param, for the inspector to show under its field. */
export function paramProblems(
  problems: readonly Problem[],
  nodeId: string,
  param: string,
): Problem[] {
  return problems.filter(
    (p) =>
      p.nodeId === nodeId &&
      p.param !== undefined &&
      (p.param === param || p.param.startsWith(`${param}.`)),
  );
}
