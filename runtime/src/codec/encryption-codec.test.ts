import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, PayloadDecryptionError } from './encryption-codec.js';
import { codecKeyFromBase64, CodecKeyError } from './keys.js';

const newKey = (id: string) => codecKeyFromBase64(id, randomBytes(32).toString('base64'));
const text = (bytes: Uint8Array | null | undefined) =>
  new TextDecoder().decode(bytes ?? new Uint8Array());

describe('EncryptionCodec', () => {
  const secret = { apiKey: 'sk-live-do-not-store-me' };
  const plain = defaultPayloadConverter.toPayload(secret);

  it('round-trips a payload and hides its data and original encoding', async () => {
    const codec = new EncryptionCodec({ current: newKey('k1') });
    const [stored] = (await codec.encode([plain])) as [Payload];

    expect(text(stored.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(stored.metadata?.['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(stored.data ?? []).toString('latin1')).not.toContain('sk-live');
    expect(Buffer.from(stored.data ?? []).toString('latin1')).not.toContain('json/plain');

    const [decoded] = (await codec.decode([stored])) as [Payload];
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
  });

  it('uses a fresh IV each time, so equal values do not look equal at rest', async () => {
    const codec = new EncryptionCodec({ current: newKey('k1') });
    const [a, b] = (await codec.encode([plain, plain])) as [Payload, Payload];
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
  });

  it('detects a flipped byte anywhere in the stored payload', async () => {
    const codec = new EncryptionCodec({ current: newKey('k1') });
    const [stored] = (await codec.encode([plain])) as [Payload];
    const length = stored.data?.length ?? 0;
    for (const index of [0, 12, Math.floor(length / 2), length - 1]) {
      const data = new Uint8Array(stored.data ?? []);
      data[index] = (data[index] ?? 0) ^ 0x01;
      await expect(codec.decode([{ ...stored, data }])).rejects.toThrow(PayloadDecryptionError);
    }
  });

  it('rejects a payload relabelled with another known key id', async () => {
    const k1 = newKey('k1');
    const codec = new EncryptionCodec({ current: k1, retired: [{ id: 'k0', key: k1.key }] });
    const [stored] = (await codec.encode([plain])) as [Payload];
    const relabelled = {
      ...stored,
      metadata: { ...stored.metadata, 'encryption-key-id': new TextEncoder().encode('k0') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(
      /failed authentication with key id 'k0'/,
    );
  });

  it('rotates keys: encodes with the current key and still decodes what the retired key wrote', async () => {
    const oldKey = newKey('2024-01');
    const newer = newKey('2025-01');
    const before = new EncryptionCodec({ current: oldKey });
    const after = new EncryptionCodec({ current: newer, retired: [oldKey] });

    const [old] = (await before.encode([plain])) as [Payload];
    const [fresh] = (await after.encode([plain])) as [Payload];

    expect(text(fresh.metadata?.['encryption-key-id'])).toBe('2025-01');
    const decoded = await after.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([secret, secret]);
  });

  it('fails clearly on a payload written with a key it does not know', async () => {
    const [stored] = (await new EncryptionCodec({ current: newKey('gone') }).encode([plain])) as [
      Payload,
    ];
    const codec = new EncryptionCodec({ current: newKey('k1') });
    await expect(codec.decode([stored])).rejects.toThrow(
      "encrypted payload uses unknown key id 'gone'; known ids: k1",
    );
  });

  it('passes through payloads written before encryption was enabled', async () => {
    const codec = new EncryptionCodec({ current: newKey('k1') });
    const nullPayload = defaultPayloadConverter.toPayload(undefined);
    const decoded = await codec.decode([plain, nullPayload, {}]);
    expect(decoded).toEqual([plain, nullPayload, {}]);
  });
});

describe('codecKeyFromBase64', () => {
  it('accepts 32 bytes of base64', () => {
    const key = codecKeyFromBase64('k1', randomBytes(32).toString('base64'));
    expect(key.key).toHaveLength(32);
  });

  it('refuses a key of the wrong length without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    const attempt = () => codecKeyFromBase64('k1', short);
    expect(attempt).toThrow(CodecKeyError);
    expect(attempt).toThrow("codec key 'k1' must decode to 32 bytes for AES-256, got 16");
    expect(() => attempt()).not.toThrow(short);
  });

  it('refuses text that is not base64 instead of silently shortening it', () => {
    const almost = `${randomBytes(32).toString('base64').slice(0, -4)}!!!=`;
    expect(() => codecKeyFromBase64('k1', almost)).toThrow("codec key 'k1' is not valid base64");
    expect(() => codecKeyFromBase64('k1', '')).toThrow(CodecKeyError);
  });

  it('refuses an empty or odd key id', () => {
    const key = randomBytes(32).toString('base64');
    expect(() => codecKeyFromBase64('', key)).toThrow(CodecKeyError);
    expect(() => codecKeyFromBase64('a b', key)).toThrow(CodecKeyError);
  });

  it('refuses a raw key of the wrong length handed straight to the codec', () => {
    expect(() => new EncryptionCodec({ current: { id: 'k1', key: new Uint8Array(31) } })).toThrow(
      "codec key 'k1' must be 32 bytes for AES-256, got 31",
    );
  });
});
