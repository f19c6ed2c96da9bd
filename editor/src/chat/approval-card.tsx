import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';
import { ErrorNote } from '../ui/page';

/**
 * A write the agent wants to make, in the chat: the same approval task as in the inbox, decided
 * here or there. Approved, the tool runs; rejected, the agent is told so.
 */
export function ApprovalCard({ taskId }: { taskId: string }) {
  const client = useQueryClient();
  const trpc = useTRPC();
  const role = useRole();
  const mayDecide = can.approve(role);
  const task = useQuery(trpc.approvals.get.queryOptions({ taskId }, { enabled: mayDecide }));
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.approvals.decide.mutate({
        taskId,
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        form: {},
      }),
    onSettled: () => client.invalidateQueries({ queryKey: trpc.approvals.pathKey() }),
  });
  if (!mayDecide)
    return (
      <div className="chat-approval" role="group" aria-label="Approval">
        <p>This call waits for an approver, in their inbox.</p>
      </div>
    );
  const details = task.data?.details as
    { tool?: string; operation?: string; arguments?: unknown } | undefined;
  const status = task.data?.status;
  return (
    <div className="chat-approval" role="group" aria-label={`Approval: ${task.data?.title ?? ''}`}>
      <ErrorNote error={task.error ?? decide.error} />
      {task.data && (
        <>
          <p className="chat-approval-title">{task.data.title}</p>
          <p className="muted small">Reason: {task.data.description}</p>
          <pre className="chat-json">{JSON.stringify(details?.arguments ?? {}, null, 2)}</pre>
          {status === 'pending' ? (
            <div className="row">
              <label className="visually-hidden" htmlFor={`comment-${taskId}`}>
                Comment
              </label>
              <input
                id={`comment-${taskId}`}
                className="input"
                placeholder="Comment (optional)"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <button
                type="button"
                className="button primary"
                disabled={decide.isPending}
                onClick={() => decide.mutate('approve')}
              >
                Approve
              </button>
              <button
                type="button"
                className="button"
                disabled={decide.isPending}
                onClick={() => decide.mutate('reject')}
              >
                Reject
              </button>
            </div>
          ) : (
            <p role="status" className="small">
              {status === 'approved' ? 'Approved.' : status === 'rejected' ? 'Rejected.' : status}
            </p>
          )}
        </>
      )}
    </div>
  );
}
