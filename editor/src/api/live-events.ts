import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** What the server's /events stream carries (see runtime/src/live-events.ts): ids, never data. */
type LiveEvent = { topic: 'run'; runId: string } | { topic: 'approvals' };

/**
 * A run often finishes a moment after the notice of its last node (control nodes run inside the
 * workflow and announce nothing), so each notice is followed by a second look.
 */
const SETTLE_MS = 300;

let connected = false;

/** Whether live notices are arriving; while they are not, views poll faster. */
export const isLive = () => connected;

type Trpc = ReturnType<typeof useTRPC>;

function refresh(client: QueryClient, trpc: Trpc, event: LiveEvent) {
  if (event.topic === 'approvals') {
    void client.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
    return;
  }
  void client.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: event.runId }) });
  void client.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
  // A chat turn announces each step as its run: the open conversation reads its transcript again.
  void client.invalidateQueries({ queryKey: trpc.chat.get.queryKey() });
}

/**
 * Follows the workspace's live notices for as long as the signed-in app is open: a run that moved
 * or approvals that changed are fetched again at once. The browser reconnects by itself; a switch
 * to another workspace opens a new stream (the server picks the channel when it connects).
 */
export function useLiveEvents(tenantId: string | undefined) {
  const client = useQueryClient();
  const trpc = useTRPC();
  useEffect(() => {
    if (!tenantId || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource('/events');
    const timers = new Set<ReturnType<typeof setTimeout>>();
    source.onopen = () => {
      connected = true;
    };
    source.onerror = () => {
      connected = false;
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      refresh(client, trpc, event);
      const timer = setTimeout(() => {
        timers.delete(timer);
        refresh(client, trpc, event);
      }, SETTLE_MS);
      timers.add(timer);
    };
    return () => {
      source.close();
      connected = false;
      for (const timer of timers) clearTimeout(timer);
    };
  }, [client, trpc, tenantId]);
}
