import {
  useEffect,
  useId,
  useMemo,
  useState,
  type FormEvent,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Outputs } from '../api/client';
import { can } from '../api/roles';
import { useMe, useRole } from '../api/session';
import { inboxKey, move } from '../approvals/inbox-keys';
import { INBOX_KEY, useInbox } from '../approvals/use-inbox';
import { isTyping } from '../canvas/shortcuts';
import { Modal } from '../flow/modal';
import { ErrorNote, formatAge, formatTime, Page } from '../ui/page';
import { Table } from '../ui/table';
import { NoWorkerNotice } from '../runs/worker-notice';

type Task = Outputs['approvals']['get'];
type Field = Task['form'][number];

const VIEWS = [
  { id: 'mine', label: 'My tasks' },
  { id: 'team', label: 'Team' },
] as const;
type View = (typeof VIEWS)[number]['id'];

/** The inbox: my pending tasks, and for admins and owners a tab with the whole team's open ones. */
export default function InboxPage() {
  const role = useRole();
  const [view, setView] = useState<View>('mine');
  const ids = { mine: useId(), team: useId() };
  const showTeam = can.manage(role);
  const onTabKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = view === 'mine' ? 'team' : 'mine';
    setView(next);
    document.getElementById(`${ids[next]}-tab`)?.focus();
  };
  const current = showTeam ? view : 'mine';
  return (
    <Page title="Inbox">
      {showTeam && (
        <div role="tablist" aria-label="Inbox views" className="tabs">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              id={`${ids[v.id]}-tab`}
              type="button"
              role="tab"
              className="tab"
              aria-selected={current === v.id}
              aria-controls={ids[v.id]}
              tabIndex={current === v.id ? 0 : -1}
              onClick={() => setView(v.id)}
              onKeyDown={onTabKey}
            >
              {v.label}
            </button>
          ))}
        </div>
      )}
      <div
        id={ids[current]}
        role={showTeam ? 'tabpanel' : undefined}
        aria-labelledby={showTeam ? `${ids[current]}-tab` : undefined}
      >
        {current === 'team' ? <TeamView /> : <MyTasks />}
      </div>
    </Page>
  );
}

/**
 * Pending approval tasks: the list on one side, the open task's context and form on the other
 * (stacked on a phone). j/k move through the list; a/r approve or reject the open task.
 */
function MyTasks() {
  const inbox = useInbox();
  const tasks = useMemo(() => inbox.data?.tasks ?? [], [inbox.data]);
  const [openId, setOpenId] = useState<string>();
  // A decided task leaves the list at once; this says what became of it.
  const [decided, setDecided] = useState<Decided>();
  const index = tasks.findIndex((t) => t.id === openId);
  const current = index >= 0 ? tasks[index] : tasks[0];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const key = inboxKey(e);
      if (key !== 'next' && key !== 'previous') return;
      e.preventDefault();
      const at = move(Math.max(0, index), tasks.length, key);
      setOpenId(tasks[at]?.id);
      document.getElementById(`task-${tasks[at]?.id}`)?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, tasks]);

  return (
    <>
      <ErrorNote error={inbox.error} />
      {decided && (
        <p role="status" className="notice">
          {decidedMessage(decided)} <Link to={decided.runLink}>Open the run</Link>
        </p>
      )}
      <NoWorkerNotice show={decided !== undefined} />
      {inbox.isPending ? (
        <p className="muted">Loading your tasks…</p>
      ) : tasks.length === 0 ? (
        <p className="empty">Nothing waits for you. New approval tasks appear here.</p>
      ) : (
        <div className="inbox">
          <ul role="list" className="inbox-list" aria-label="Pending tasks">
            {tasks.map((t) => (
              <li key={t.id}>
                <button
                  id={`task-${t.id}`}
                  type="button"
                  className={t.id === current?.id ? 'inbox-item is-open' : 'inbox-item'}
                  aria-current={t.id === current?.id}
                  onClick={() => setOpenId(t.id)}
                >
                  <span className="inbox-title">{t.title}</span>
                  <span className="muted small">
                    {t.nodeName} · {t.dueAt ? `due ${formatTime(t.dueAt)}` : 'no due time'}
                  </span>
                  {t.overdue && <span className="tag run-failed">Overdue</span>}
                  {t.required > 1 && (
                    <span className="tag">
                      {t.approvals} of {t.required} approvals
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
          {current && <TaskDetail key={current.id} taskId={current.id} onDecided={setDecided} />}
        </div>
      )}
      <p className="muted small">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous, <kbd>a</kbd> approve, <kbd>r</kbd>{' '}
        reject.
      </p>
    </>
  );
}

/**
 * Every open task of the team, for admins and owners: per assignee how many are open, how many
 * overdue and how long the oldest has waited; then the tasks themselves, overdue ones marked.
 */
function TeamView() {
  const client = useQueryClient();
  const team = useQuery({
    queryKey: ['approvals.team'],
    queryFn: () => api.approvals.team.query({ limit: 500 }),
    refetchInterval: 30_000,
  });
  // A claim left behind (its holder away) keeps the other assignees from deciding: free it.
  const release = useMutation({
    mutationFn: (taskId: string) => api.approvals.release.mutate({ taskId }),
    onSettled: () => client.invalidateQueries({ queryKey: ['approvals.team'] }),
  });
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
                    onClick={() => release.mutate(t.id)}
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

interface Decided {
  title: string;
  decision: 'approve' | 'reject' | 'delegate';
  /** The task's status after the decision: still pending when more approvals are needed. */
  status: string;
  runLink: string;
  /** Who the task went to, for a delegation. */
  to?: string;
}

function decidedMessage({ title, decision, status, to }: Decided): string {
  if (decision === 'delegate') return `You delegated “${title}” to ${to}.`;
  const what = `You ${decision === 'approve' ? 'approved' : 'rejected'} “${title}”`;
  return status === 'pending' ? `${what}; it waits for more approvals.` : `${what}.`;
}

function TaskDetail({
  taskId,
  onDecided,
}: {
  taskId: string;
  onDecided: (decided: Decided) => void;
}) {
  const client = useQueryClient();
  const me = useMe().data?.user.id;
  const task = useQuery({
    queryKey: ['approvals.get', taskId],
    queryFn: () => api.approvals.get.query({ taskId }),
  });
  const [delegating, setDelegating] = useState(false);
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['approvals.get', taskId] }),
      client.invalidateQueries({ queryKey: INBOX_KEY }),
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
      return client.invalidateQueries({ queryKey: INBOX_KEY });
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
            void client.invalidateQueries({ queryKey: INBOX_KEY });
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
          <FormFieldInput
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

/**
 * Hands my part of a task to another member who may decide, with a note they read in their
 * inbox. Members who are already assignees (or me) are not offered.
 */
function DelegateDialog({
  task,
  me,
  onClose,
  onDelegated,
}: {
  task: Task;
  me: string | undefined;
  onClose(): void;
  onDelegated(toName: string): void;
}) {
  const ids = { to: useId(), note: useId() };
  const members = useQuery({
    queryKey: ['members.list'],
    queryFn: () => api.members.list.query(),
  });
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const assignees = new Set(task.assignees.map((a) => a.id));
  const choices = (members.data ?? []).filter(
    (m) => can.approve(m.role) && m.userId !== me && !assignees.has(m.userId),
  );
  const delegate = useMutation({
    mutationFn: () =>
      api.approvals.delegate.mutate({
        taskId: task.id,
        toUserId: to,
        ...(note.trim() ? { comment: note.trim() } : {}),
      }),
    onSuccess: () => onDelegated(choices.find((m) => m.userId === to)?.displayName ?? 'them'),
  });
  return (
    <Modal title={`Delegate “${task.title}”`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (to) delegate.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={ids.to} className="field-label">
            Delegate to
          </label>
          <select
            id={ids.to}
            className="input"
            required
            value={to}
            onChange={(e) => setTo(e.target.value)}
          >
            <option value="">Choose a member…</option>
            {choices.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName} ({m.email})
              </option>
            ))}
          </select>
          {members.isSuccess && choices.length === 0 && (
            <p className="muted small">No other member may decide this task.</p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.note} className="field-label">
            Note for them
          </label>
          <textarea
            id={ids.note}
            className="input"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <ErrorNote error={members.error ?? delegate.error} />
        <div className="dialog-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={!to || delegate.isPending}
          >
            Delegate
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** One field of a task's form, by its declared type (the form is data, never written per task). */
function FormFieldInput({
  field,
  value,
  onChange,
}: {
  field: Field;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const id = useId();
  const label = (
    <label htmlFor={id} className="field-label">
      {field.label}
      {field.required && ' *'}
    </label>
  );
  if (field.type === 'boolean')
    return (
      <div className="field field-inline">
        <input
          id={id}
          type="checkbox"
          className="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </div>
    );
  return (
    <div className="field">
      {label}
      {field.type === 'select' ? (
        <select
          id={id}
          className="input"
          required={field.required}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">Choose…</option>
          {field.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : field.type === 'textarea' ? (
        <textarea
          id={id}
          className="input"
          rows={3}
          required={field.required}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          className="input"
          required={field.required}
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(e) =>
            onChange(
              field.type === 'number'
                ? e.target.value === ''
                  ? undefined
                  : Number(e.target.value)
                : e.target.value,
            )
          }
        />
      )}
    </div>
  );
}
