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

/** A deep copy of plain JSON data with object keys in sorted order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, sortKeys(record[k])]),
  ) as T;
}

/** Lowercase hex SHA-256 of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}
