import { useEffect, useState } from 'react';
import type { ChatMessage } from './use-conversation';

/** What /events/chat/<conversation> carries (ChatPartial in runtime/src/live-events.ts). */
interface ChatPartial {
  topic: 'partial';
  turnId: string;
  step: number;
  persona: string;
  text: string;
}

export interface PartialAnswer {
  /** The persona writing (its catalog key). */
  persona: string;
  /** The answer so far. */
  text: string;
}

/** Lines that end one model call of the answering persona: its tool step, or the answer. */
const STEP_ENDS = new Set<ChatMessage['kind']>(['step', 'answer', 'error']);

/**
 * The answer the agent is writing in this conversation, growing as the model writes it (each
 * piece carries the whole text so far), until its line lands: the step's own line (the N-th
 * tool step or the answer of its turn), or an approval, whose card shows the same text as the
 * agent's reason. Decided from the transcript as it stands, so the order in which the stream and
 * the transcript arrive does not matter.
 */
export function usePartialAnswer(
  conversationId: string,
  messages: readonly ChatMessage[],
): PartialAnswer | undefined {
  const [piece, setPiece] = useState<ChatPartial>();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(`/events/chat/${encodeURIComponent(conversationId)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as ChatPartial;
      if (event.topic === 'partial') setPiece(event);
    };
    return () => source.close();
  }, [conversationId]);
  if (!piece) return undefined;
  const turn = messages.filter((m) => m.turnId === piece.turnId && m.kind !== 'user');
  const ended = turn.filter((m) => STEP_ENDS.has(m.kind)).length;
  if (ended >= piece.step || turn.at(-1)?.kind === 'approval') return undefined;
  return { persona: piece.persona, text: piece.text };
}
