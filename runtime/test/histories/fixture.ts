// The recorded histories are encrypted like any other; this fixed key (for these fixtures only,
// never for a real deployment) lets every checkout replay them.
import { createDataConverter, codecKeyFromBase64 } from '../../src/codec/index.js';

export const FIXTURE_KEY_ID = 'replay-fixture';
export const FIXTURE_KEY = Buffer.alloc(32, 7).toString('base64');
export const fixtureDataConverter = () =>
  createDataConverter({ current: codecKeyFromBase64(FIXTURE_KEY_ID, FIXTURE_KEY) });
