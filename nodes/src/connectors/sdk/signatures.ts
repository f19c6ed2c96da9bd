// Webhook signature checks with Web Crypto (`globalThis.crypto.subtle`, in Node 20 and browsers),
// so connector folders import no Node module. Only called by the server, never in the workflow.

const encoder = new TextEncoder();

async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  return [...(await hmacSha256(secret, message))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

export async function hmacSha256Base64(secret: string, message: string): Promise<string> {
  return btoa(String.fromCharCode(...(await hmacSha256(secret, message))));
}

/** Compares in time independent of where the strings differ, so a signature cannot be guessed byte by byte. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return diff === 0;
}

/** A signed timestamp (seconds) no further than `toleranceS` from when the request arrived: replays fail. */
export function isFresh(timestampS: number, receivedAtMs: number, toleranceS = 300): boolean {
  return Number.isFinite(timestampS) && Math.abs(receivedAtMs / 1000 - timestampS) <= toleranceS;
}
