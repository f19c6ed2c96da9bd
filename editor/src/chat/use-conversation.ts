import { useQuery } from '@tanstack/react-query';
import { api, type Outputs } from '../api/client';
import { isLive } from '../api/live-events';

export type Conversation = Outputs['chat']['get'];
export type ChatMessage = Conversation['messages'][number];

export const conversationKey = (conversationId: string) => ['chat.get', conversationId] as const;

/**
 * A conversation and its transcript. While a turn runs, each step it appends is announced on the
 * live events (as its run), which refetches this at once; without them it polls every 3 s.
 */
export function useConversation(conversationId: string | undefined) {
  return useQuery({
    queryKey: conversationKey(conversationId ?? ''),
    queryFn: () => api.chat.get.query({ conversationId: conversationId! }),
    enabled: conversationId !== undefined,
    refetchInterval: (query) => (query.state.data?.running ? (isLive() ? 10_000 : 3_000) : false),
  });
}

export function useConversations() {
  return useQuery({ queryKey: ['chat.list'], queryFn: () => api.chat.list.query({ limit: 50 }) });
}
