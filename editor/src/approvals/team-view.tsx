import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../api/trpc';
import { ErrorNote, formatAge, formatTime } from '../ui/page';
import { Table } from '../ui/table';

/**
 * Every open task of the team, for admins and owners: per assignee how many are open, how many
 * overdue and how long the oldest has waited; then the tasks themselves, overdue ones marked.
 */
export function TeamView() {
  const client = useQueryClient();
  const trpc = useTRPC();
  const team = useQuery(
    trpc.approvals.team.queryOptions({ limit: 500 }, { refetchInterval: 30_000 }),
  );
  // A claim left behind (its holder away) keeps the other assignees from deciding: free it.
  const release = useMutation(
    trpc.approvals.release.mutationOptions({
      onSettled: () => client.invalidateQueries({ queryKey: trpc.approvals.team.queryKey() }),
    }),
  );
  if (team.isPending) return <p className="muted">Loading the team's tasks…</p>;
  if (team.isError) return <ErrorNote error={team.error} />;
  const { tasks, byAssignee } = team.data;
  if (tasks.length === 0) return <p className="empty">No open tasks in the team.</p>;
  return (
    <div className="stack">
      <ErrorNote error={release.error} />
      <h2 className="section-title">By assignee</h2>
      <Table
        label="Open tasks by assignee"
        columns={['Assignee', 'Open', 'Overdue', 'Oldest waiting']}
      >
        {byAssignee.map((a) => (
          <tr key={a.user.id} className={a.overdue > 0 ? 'is-overdue' : undefined}>
            <th scope="row">{a.user.name}</th>
            <td>{a.open}</td>
            <td>{a.overdue}</td>
            <td>{formatAge(a.oldestAgeMs)}</td>
          </tr>
        ))}
      </Table>
      <h2 className="section-title">Open tasks</h2>
      <Table label="Open team tasks" columns={['Task', 'Assignees', 'Waiting', 'Due']}>
        {tasks.map((t) => (
          <tr key={t.id} className={t.overdue ? 'is-overdue' : undefined}>
            <td>
              <Link to={`/runs/${encodeURIComponent(t.runId)}`}>{t.title}</Link>
              <div className="muted small">{t.nodeName}</div>
            </td>
            <td>
              {t.assignees.map((p) => p.name).join(', ')}
              {t.claimedBy && (
                <div className="muted small">
                  {t.claimedBy.name} is working on it{' '}
                  <button
                    type="button"
                    className="button"
                    aria-label={`Release “${t.title}” from ${t.claimedBy.name}`}
                    disabled={release.isPending}
                    onClick={() => release.mutate({ taskId: t.id })}
                  >
                    Release
                  </button>
                </div>
              )}
            </td>
            <td>{formatAge(t.ageMs)}</td>
            <td>
              {t.dueAt ? formatTime(t.dueAt) : '—'}
              {t.overdue && <span className="tag run-failed">Overdue</span>}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

