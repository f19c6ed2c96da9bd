import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startProcess } from './processes.js';

const BIN = join(ROOT, '.data/bin/stripe-mock');

/** Stripe's official mock, built by scripts/lib/bootstrap.sh (`npm test` runs it). */
export async function startStripeMock() {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: run \`bash -c 'source scripts/lib/bootstrap.sh; ensure_stripe_mock'\``,
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = await startProcess(BIN, ['-http-port', String(port)], async () => {
    const response = await fetch(`${url}/v1/balance`, {
      headers: { authorization: 'Bearer sk_test_123' },
    });
    return response.ok;
  });
  return {
    url: `${url}/v1`,
    host: `127.0.0.1:${port}`,
    outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${port}`] },
    stop: process.stop,
  };
}
