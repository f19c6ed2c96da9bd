import { useMemo } from 'react';
import { sortProblems } from '../model/problems';
import { useCanvas } from '../store';

/** Every validator problem, errors first; choosing one selects its node and brings it into view. */
export function ProblemsPanel({ onReveal }: { onReveal(nodeId: string): void }) {
  const problems = useCanvas((s) => s.problems);
  const nodes = useCanvas((s) => s.doc.graph.nodes);
  const edges = useCanvas((s) => s.doc.graph.edges);
  const sorted = useMemo(
    () => sortProblems(problems, new Map(nodes.map((n, i) => [n.id, i]))),
    [problems, nodes],
  );
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  const edgeTargets = useMemo(() => new Map(edges.map((e) => [e.id, e.target])), [edges]);
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
