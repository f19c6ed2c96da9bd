import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { can } from '../api/roles';
import { useTRPC } from '../api/trpc';
import { Modal } from '../flow/modal';
import { ErrorNote } from '../ui/page';
import type { Task } from './task-detail';

/**
 * Hands my part of a task to another member who may decide, with a note they read in their
 * inbox. Members who are already assignees (or me) are not offered.
 */
export function DelegateDialog({
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
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const assignees = new Set(task.assignees.map((a) => a.id));
  const choices = (members.data ?? []).filter(
    (m) => can.approve(m.role) && m.userId !== me && !assignees.has(m.userId),
  );
  const delegate = useMutation(
    trpc.approvals.delegate.mutationOptions({
      onSuccess: () => onDelegated(choices.find((m) => m.userId === to)?.displayName ?? 'them'),
    }),
  );
  return (
    <Modal title={`Delegate “${task.title}”`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (to)
            delegate.mutate({
              taskId: task.id,
              toUserId: to,
              ...(note.trim() ? { comment: note.trim() } : {}),
            });
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

