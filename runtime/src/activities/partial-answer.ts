// A chat answer's text as the model writes it, to the conversation's live channel: the whole text
// so far each time (a page that joins late still shows it all), sent at most every
// PUBLISH_EVERY_MS however fast the model writes. Best effort, as every live notice.
import type { ChatPartial, LiveEvents } from '../live-events.js';

/** A fast vendor model writes 50–100 tokens a second; a page need not repaint for each one. */
const PUBLISH_EVERY_MS = 100;

export interface PartialAnswer {
  /** The answer's whole text so far. */
  update(text: string): void;
  /** Sends what is not sent yet; the answer is complete. */
  end(): void;
}

export function partialAnswer(
  live: Pick<LiveEvents, 'publishChat'>,
  tenantId: string,
  conversationId: string,
  about: Omit<ChatPartial, 'topic' | 'text'>,
): PartialAnswer {
  let latest = '';
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    if (latest === sent) return;
    sent = latest;
    live.publishChat(tenantId, conversationId, { topic: 'partial', ...about, text: latest });
  };
  return {
    update(text) {
      latest = text;
      if (timer) return;
      send();
      timer = setTimeout(() => {
        timer = undefined;
        send();
      }, PUBLISH_EVERY_MS);
    },
    end() {
      clearTimeout(timer);
      timer = undefined;
      send();
    },
  };
}
