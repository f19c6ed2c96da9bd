import { useMemo } from 'react';
import { sortProblems } from '../model/problems';
import { useCanvas, useCanvasStore } from '../store';

/** Every validator problem, errors first; choosing one selects its node and brings it into view. */
export function ProblemsPanel({ onReveal }: { onReveal(nodeId: string): void }) {
  const store = useCanvasStore();
  // Problems are recomputed after every edit settles (renames included), so reading names and
  // edges when they change is enough; subscribing to the nodes would re-render the panel on
  // every frame of a drag.
  const problems = useCanvas((s) => s.problems);
  const { sorted, names, edgeTargets } = useMemo(() => {
    const { nodes, edges } = store.getState().doc.graph;
    return {
      sorted: sortProblems(problems, new Map(nodes.map((n, i) => [n.id, i]))),
      names: new Map(nodes.map((n) => [n.id, n.name])),
      edgeTargets: new Map(edges.map((e) => [e.id, e.target])),
    };
  }, [problems, store]);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title" className="panel-title">
        Problems{' '}
        <span className="count">
          {errors} errors, {problems.length - errors} warnings
        </span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">No problems: the server will accept this flow.</p>
      ) : (
        <ul role="list" className="problems-list">
          {sorted.map((p, i) => {
            const nodeId = p.nodeId ?? (p.edgeId ? edgeTargets.get(p.edgeId) : undefined);
            return (
              <li key={i}>
                <button
                  type="button"
                  className={`problem problem-${p.severity}`}
                  disabled={!nodeId}
                  onClick={() => nodeId && onReveal(nodeId)}
                >
                  <span className="problem-severity">
                    {p.severity === 'error' ? 'Error' : 'Warning'}
                  </span>
                  {nodeId && <span className="problem-node">{names.get(nodeId)}</span>}
                  <span>{p.message}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
