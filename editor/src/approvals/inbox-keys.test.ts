import { describe, expect, it } from 'vitest';
import { inboxKey, move } from './inbox-keys';

describe('inbox keyboard', () => {
  it('maps j/k/a/r, but not with a modifier held', () => {
    const key = (k: string, ctrlKey = false) =>
      inboxKey({ key: k, ctrlKey, metaKey: false, altKey: false });
    expect([key('j'), key('k'), key('a'), key('r'), key('x')]).toEqual([
      'next',
      'previous',
      'approve',
      'reject',
      undefined,
    ]);
    expect(key('r', true)).toBeUndefined();
  });

  it('moves within the list', () => {
    expect(move(0, 3, 'previous')).toBe(0);
    expect(move(2, 3, 'next')).toBe(2);
    expect(move(1, 3, 'next')).toBe(2);
    expect(move(0, 0, 'next')).toBe(-1);
  });
});
