import type { DefinitionNode, DefinitionScope } from './compile.js';

/**
 * Join and skip bookkeeping for one scope run (the flow, or one loop iteration). Plain JSON so the
 * interpreter can keep it in workflow state and carry it across continue-as-new.
 */
export interface ScopeState {
  /** Per node: signals received so far, and whether the node has been decided. */
  signals: Record<string, { live: number; skipped: number; decided?: 'run' | 'skip' }>;
}

/** Nodes whose fate was just decided: run them, or record them as skipped. */
export interface ScopeStep {
  ready: string[];
  skipped: string[];
}

const indexes = new WeakMap<DefinitionScope, Map<string, DefinitionNode>>();

function nodeIn(scope: DefinitionScope, id: string): DefinitionNode {
  let index = indexes.get(scope);
  if (!index) {
    index = new Map(scope.nodes.map((n) => [n.id, n]));
    indexes.set(scope, index);
  }
  const node = index.get(id);
  if (!node) throw new Error(`node "${id}" is not in this scope`);
  return node;
}

/** Starts a scope: each entry gets its start signal. Returns the state and the first ready nodes. */
export function startScope(scope: DefinitionScope): { state: ScopeState; step: ScopeStep } {
  const state: ScopeState = { signals: {} };
  const step: ScopeStep = { ready: [], skipped: [] };
  for (const id of scope.entries) signal(scope, state, id, true, step);
  return { state, step };
}

/**
 * Records that a node finished and which output ports fired. Successors on fired ports get a live
 * signal; successors on every other port get a skip, which travels on until it reaches a join that
 * still has a live branch — so a merge after an if never waits for the branch not taken.
 * Mutates `state`; returns the nodes decided by this completion (skips transitively).
 */
export function completeNode(
  scope: DefinitionScope,
  state: ScopeState,
  nodeId: string,
  firedPorts: readonly string[],
): ScopeStep {
  const step: ScopeStep = { ready: [], skipped: [] };
  propagate(scope, state, nodeIn(scope, nodeId), new Set(firedPorts), step);
  return step;
}

function propagate(
  scope: DefinitionScope,
  state: ScopeState,
  node: DefinitionNode,
  fired: ReadonlySet<string>,
  step: ScopeStep,
): void {
  for (const [port, successors] of Object.entries(node.successors)) {
    for (const s of successors) signal(scope, state, s.node, fired.has(port), step);
  }
}

function signal(
  scope: DefinitionScope,
  state: ScopeState,
  id: string,
  live: boolean,
  step: ScopeStep,
): void {
  const node = nodeIn(scope, id);
  const s = (state.signals[id] ??= { live: 0, skipped: 0 });
  if (live) s.live++;
  else s.skipped++;
  if (s.decided) return;
  const settled = s.live + s.skipped === node.waitFor;
  if (s.live > 0 && (settled || node.join?.mode === 'first')) {
    s.decided = 'run';
    step.ready.push(id);
  } else if (settled) {
    s.decided = 'skip';
    step.skipped.push(id);
    propagate(scope, state, node, new Set(), step);
  }
}
