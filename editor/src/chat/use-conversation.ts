import { skipToken, useQuery } from '@tanstack/react-query';
import type { Outputs } from '../api/client';
import { isLive } from '../api/live-events';
import { useTRPC } from '../api/trpc';

export type Conversation = Outputs['chat']['get'];
export type ChatMessage = Conversation['messages'][number];

/**
 * A conversation and its transcript. While a turn runs, each step it appends is announced on the
 * live events (as its run), which refetches this at once; without them it polls every 3 s.
 */
export function useConversation(conversationId: string | undefined) {
  const trpc = useTRPC();
  return useQuery(
    trpc.chat.get.queryOptions(conversationId === undefined ? skipToken : { conversationId }, {
      refetchInterval: (query) => (query.state.data?.running ? (isLive() ? 10_000 : 3_000) : false),
    }),
  );
}

export function useConversations() {
  const trpc = useTRPC();
  return useQuery(trpc.chat.list.queryOptions({ limit: 50 }));
}
