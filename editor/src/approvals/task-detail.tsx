import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useMe, useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { isTyping } from '../canvas/shortcuts';
import { NoWorkerNotice } from '../runs/worker-notice';
import { ErrorNote, formatTime } from '../ui/page';
import { DelegateDialog } from './delegate-dialog';
import { inboxKey } from './inbox-keys';
import { TaskFormField } from './task-form-field';

export type Task = Outputs['approvals']['get'];

export interface Decided {
  title: string;
  decision: 'approve' | 'reject' | 'delegate';
  /** The task's status after the decision: still pending when more approvals are needed. */
  status: string;
  runLink: string;
  /** Who the task went to, for a delegation. */
  to?: string;
}

export function decidedMessage({ title, decision, status, to }: Decided): string {
  if (decision === 'delegate') return `You delegated “${title}” to ${to}.`;
  const what = `You ${decision === 'approve' ? 'approved' : 'rejected'} “${title}”`;
  return status === 'pending' ? `${what}; it waits for more approvals.` : `${what}.`;
}

export function TaskDetail({
  taskId,
  onDecided,
}: {
  taskId: string;
  onDecided: (decided: Decided) => void;
}) {
  const client = useQueryClient();
  const me = useMe().data?.user.id;
  const trpc = useTRPC();
  const task = useQuery(trpc.approvals.get.queryOptions({ taskId }));
  const [delegating, setDelegating] = useState(false);
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: trpc.approvals.get.queryKey({ taskId }) }),
      client.invalidateQueries({ queryKey: trpc.approvals.inbox.queryKey() }),
    ]);
  const claim = useMutation({
    mutationFn: async (action: 'claim' | 'release') => {
      if (action === 'claim') await api.approvals.claim.mutate({ taskId });
      else await api.approvals.release.mutate({ taskId });
    },
    onSettled: refresh,
  });
  const role = useRole();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [comment, setComment] = useState('');
  const commentId = useId();
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.approvals.decide.mutate({
        taskId,
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        form: values,
      }),
    onSuccess: (result, decision) => {
      if (task.data)
        onDecided({
          title: task.data.title,
          decision,
          status: result.status,
          runLink: `/runs/${encodeURIComponent(task.data.runId)}`,
        });
      return client.invalidateQueries({ queryKey: trpc.approvals.inbox.queryKey() });
    },
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const key = inboxKey(e);
      if ((key === 'approve' || key === 'reject') && task.data?.canDecide && !decide.isPending) {
        e.preventDefault();
        decide.mutate(key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [task.data?.canDecide, decide]);

  if (task.isPending) return <section className="inbox-detail muted">Loading task…</section>;
  if (task.isError) return <ErrorNote error={task.error} />;
  const t = task.data;
  const submit = (e: FormEvent) => e.preventDefault();
  // The latest hand-over to me is the one that explains why the task is mine.
  const delegatedToMe = t.delegations.findLast((d) => d.to.id === me);
  return (
    <section className="inbox-detail" aria-labelledby="task-title">
      <h2 id="task-title" className="section-title">
        {t.title}
      </h2>
      <p className="muted small">
        {t.nodeName} · asked {formatTime(t.createdAt)} ·{' '}
        {t.dueAt ? `due ${formatTime(t.dueAt)}` : 'no due time'} ·{' '}
        <Link to={`/runs/${encodeURIComponent(t.runId)}`}>Open the run</Link>
      </p>
      {delegatedToMe && (
        <p className="notice" role="note">
          {delegatedToMe.from.name} delegated this task to you {formatTime(delegatedToMe.at)}
          {delegatedToMe.comment ? `: “${delegatedToMe.comment}”` : '.'}
        </p>
      )}
      {t.status === 'pending' && (
        <div className="task-claim">
          <span className="muted small">
            {t.claimedBy === null
              ? 'Nobody is working on this yet.'
              : t.claimedBy.id === me
                ? 'You are working on this; other assignees see that.'
                : `${t.claimedBy.name} is working on this.`}
          </span>
          {t.claimedBy === null && t.canDecide && (
            <button
              type="button"
              className="button"
              disabled={claim.isPending}
              onClick={() => claim.mutate('claim')}
            >
              Claim
            </button>
          )}
          {t.claimedBy !== null && (t.claimedBy.id === me || can.manage(role)) && (
            <button
              type="button"
              className="button"
              disabled={claim.isPending}
              onClick={() => claim.mutate('release')}
            >
              Release
            </button>
          )}
          {t.canDecide && (
            <button type="button" className="button" onClick={() => setDelegating(true)}>
              Delegate…
            </button>
          )}
        </div>
      )}
      <ErrorNote error={claim.error} />
      {delegating && (
        <DelegateDialog
          task={t}
          me={me}
          onClose={() => setDelegating(false)}
          onDelegated={(to) => {
            setDelegating(false);
            onDecided({
              title: t.title,
              decision: 'delegate',
              status: t.status,
              runLink: t.runLink,
              to,
            });
            void client.invalidateQueries({ queryKey: trpc.approvals.inbox.queryKey() });
          }}
        />
      )}
      {t.description && <p className="task-description">{t.description}</p>}
      {Object.keys(t.details).length > 0 && (
        <dl className="task-details">
          {Object.entries(t.details).map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {typeof value === 'string' ||
                typeof value === 'number' ||
                typeof value === 'boolean' ? (
                  String(value)
                ) : (
                  <pre>{JSON.stringify(value, null, 2)}</pre>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {t.decisions.length > 0 && (
        <ul className="plain-list small">
          {t.decisions.map((d, i) => (
            <li key={i}>
              {d.user.name} {d.decision === 'approve' ? 'approved' : 'rejected'}{' '}
              {formatTime(d.decidedAt)}
              {d.comment && `: “${d.comment}”`}
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit}>
        {t.form.map((f) => (
          <TaskFormField
            key={f.name}
            field={f}
            value={values[f.name]}
            onChange={(v) => setValues({ ...values, [f.name]: v })}
          />
        ))}
        <div className="field">
          <label htmlFor={commentId} className="field-label">
            Comment
          </label>
          <textarea
            id={commentId}
            className="input"
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        <ErrorNote error={decide.error} />
        {decide.isPending && (
          <p role="status" className="muted">
            Delivering your decision to the run…
          </p>
        )}
        <NoWorkerNotice show={decide.isPending} />
        {decide.isSuccess ? null : t.canDecide ? (
          <div className="decide-actions">
            <button
              type="button"
              className="button button-danger"
              aria-keyshortcuts="R"
              disabled={decide.isPending}
              onClick={() => decide.mutate('reject')}
            >
              Reject
            </button>
            <button
              type="button"
              className="button button-primary"
              aria-keyshortcuts="A"
              disabled={decide.isPending}
              onClick={() => decide.mutate('approve')}
            >
              Approve
            </button>
          </div>
        ) : (
          <p className="muted">
            {t.claimedBy
              ? `${t.claimedBy.name} is working on this task.`
              : 'You cannot decide this task.'}
          </p>
        )}
      </form>
    </section>
  );
}

