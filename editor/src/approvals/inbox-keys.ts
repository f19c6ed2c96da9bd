/** What a key press means in the inbox: move through the list, or decide the open task. */
export type InboxKey = 'next' | 'previous' | 'approve' | 'reject';

export function inboxKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>) {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const keys: Record<string, InboxKey> = { j: 'next', k: 'previous', a: 'approve', r: 'reject' };
  return keys[e.key];
}

/** The index after moving by `key`, staying within the list. */
export function move(index: number, length: number, key: 'next' | 'previous'): number {
  if (length === 0) return -1;
  return Math.min(length - 1, Math.max(0, index + (key === 'next' ? 1 : -1)));
}
