// Definition hashes use Node's native SHA-256 where there is one and noble's elsewhere (browser,
// workflow sandbox); a definition hashed by the server must equal the same one hashed anywhere else.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { expect, test } from 'vitest';
import { canonicalJson, contentHash, sha256Hex } from '../../src/hash.js';

test('the native and the JavaScript SHA-256 give the same digest, non-ASCII text included', () => {
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const value = { name: 'Relance — crème brûlée 🍮', nodes: [{ b: 2, a: 1 }], empty: '' };
  expect(contentHash(value)).toBe(bytesToHex(sha256(utf8ToBytes(canonicalJson(value)))));
});
