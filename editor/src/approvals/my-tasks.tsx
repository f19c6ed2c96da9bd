import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { isTyping } from '../canvas/shortcuts';
import { NoWorkerNotice } from '../runs/worker-notice';
import { ErrorNote, formatTime } from '../ui/page';
import { inboxKey, move } from './inbox-keys';
import { decidedMessage, TaskDetail, type Decided } from './task-detail';
import { useInbox } from './use-inbox';

/**
 * Pending approval tasks: the list on one side, the open task's context and form on the other
 * (stacked on a phone). j/k move through the list; a/r approve or reject the open task.
 */
export function MyTasks() {
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

