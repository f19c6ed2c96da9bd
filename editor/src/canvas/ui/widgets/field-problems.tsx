import type { Problem } from '@bizosaas/shared';

/** A param's own problems, under its control (named by the control's aria-describedby). */
export function FieldProblems({ id, problems }: { id: string; problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="field-problems" role="list">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
