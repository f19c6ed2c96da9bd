// Regression: ten failed logins for an email, by anyone from anywhere, locked the real owner out
// for 15 minutes — a denial of service anyone knowing the address could keep up forever. Guesses
// are now throttled per account and source with growing delays (429 + Retry-After), so the
// attacker is slowed down while the owner, from their own address, signs in as usual.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FREE_FAILURES } from '../../src/auth/login-throttle.js';
import { signUp, startTestServer, type Session, type TestServer } from '../harness.js';

let server: TestServer;
let owner: Session & { slug: string };
beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server.url);
});
afterAll(() => server.close());

/** A login as a client at `source` sends it (the server trusts its loopback proxy's header). */
const login = (source: string, password: string) =>
  fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': source },
    body: JSON.stringify({ email: owner.email, password }),
  });

it('slows a guesser down with growing delays, and never locks the owner out', async () => {
  const attacker = '198.51.100.7';
  const guessed: number[] = [];
  const retryAfter: number[] = [];
  // The attacker guesses as fast as allowed, retrying as soon as told, until told to wait 3 times.
  while (retryAfter.length < 3) {
    const response = await login(attacker, `guess ${guessed.length}`);
    if (response.status === 401) guessed.push(guessed.length);
    else {
      expect(response.status).toBe(429);
      const seconds = Number(response.headers.get('retry-after'));
      retryAfter.push(seconds);
      if (retryAfter.length < 3)
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
  // The free mistakes, then one guess per delay, each delay longer than the last (1 s, 2 s, 4 s…
  // up to 15 min): from one address a guesser gets about 110 guesses a day (5 free, 10 in the
  // first 17 min, then one per 15 min), not millions.
  expect(guessed).toHaveLength(FREE_FAILURES + 3);
  expect(retryAfter[0]).toBeGreaterThanOrEqual(1);
  expect(retryAfter[1]).toBeGreaterThan(retryAfter[0]!);
  expect(retryAfter[2]).toBeGreaterThan(retryAfter[1]!);

  // Meanwhile the owner, from their own address, signs in at once.
  const mine = await login('203.0.113.20', owner.password);
  expect(mine.status).toBe(200);
  // And the attacker, told to wait, still has to.
  const again = await login(attacker, 'one more guess');
  expect(again.status).toBe(429);
  expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
});

it('a wrong password from another address does not hold up the owner either', async () => {
  for (let i = 0; i < 20; i++) await login(`192.0.2.${i + 1}`, 'wrong password');
  expect((await login('203.0.113.21', owner.password)).status).toBe(200);
});
