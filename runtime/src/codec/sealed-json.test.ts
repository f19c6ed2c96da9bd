import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PayloadDecryptionError } from './encryption-codec.js';
import { codecKeyFromBase64 } from './keys.js';
import { createJsonSealer } from './sealed-json.js';

const newKey = (id: string) => codecKeyFromBase64(id, randomBytes(32).toString('base64'));

describe('sealed JSON', () => {
  const body = { email: 'lead@example.test', items: [1, 2, { note: 'ünïcode' }] };

  it('round-trips a value that is unreadable sealed', async () => {
    const sealer = createJsonSealer({ current: newKey('k1') });
    const sealed = await sealer.seal(body);
    expect(sealed.keyId).toBe('k1');
    expect(Buffer.from(sealed.sealed, 'base64').toString('latin1')).not.toContain('lead@');
    expect(JSON.stringify(sealed)).not.toContain('lead@');
    expect(await sealer.open(sealed)).toEqual(body);
  });

  it('opens what a retired key sealed, and refuses altered bytes or an unknown key', async () => {
    const old = newKey('k1');
    const sealed = await createJsonSealer({ current: old }).seal(body);
    const rotated = createJsonSealer({ current: newKey('k2'), retired: [old] });
    expect(await rotated.open(sealed)).toEqual(body);

    const bytes = Buffer.from(sealed.sealed, 'base64');
    bytes[20] = bytes[20]! ^ 1;
    await expect(rotated.open({ ...sealed, sealed: bytes.toString('base64') })).rejects.toThrow(
      PayloadDecryptionError,
    );
    await expect(createJsonSealer({ current: newKey('k3') }).open(sealed)).rejects.toThrow(
      "unknown key id 'k1'",
    );
  });
});
