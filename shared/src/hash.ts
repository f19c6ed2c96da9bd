import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * JSON with object keys sorted at every level and no whitespace, so equal values always give the
 * same bytes whatever order their keys were written in. `undefined` properties are left out, as
 * `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

// Serializes directly rather than sorting into a copy first: hashing a 1,000-node definition
// is on the publish path, and the copy doubled its cost.
function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = write(record[key]);
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${v}`;
  }
  return `{${out}}`;
}

/**
 * Plain JSON data with object keys in sorted order at every level: the value itself where it
 * already is (most params are, and compiling a large flow copied every one of them), otherwise a
 * copy. Treat the result as read-only: it may share parts with the value given.
 */
export function sortKeys<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const sorted = sortKeys(item);
      if (sorted !== item) (copy ??= value.slice())[i] = sorted;
    });
    return (copy ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.some((key, i) => i > 0 && (keys[i - 1] as string) > key))
    return Object.fromEntries(keys.sort().map((k) => [k, sortKeys(record[k])])) as T;
  let copy: Record<string, unknown> | undefined;
  for (const key of keys) {
    const sorted = sortKeys(record[key]);
    if (sorted !== record[key]) (copy ??= { ...record })[key] = sorted;
  }
  return (copy ?? value) as T;
}

// Node's native SHA-256 where there is one (the server hashes a definition on every publish;
// noble's JavaScript one was a third of compiling a 1,000-node flow), noble's in the browser and
// in the workflow sandbox, which have no `process`. Both give the same digest.
interface NodeCrypto {
  createHash(algorithm: 'sha256'): {
    update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string };
  };
}
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?(id: string): unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/** Lowercase hex SHA-256 of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Lowercase hex SHA-256 of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
