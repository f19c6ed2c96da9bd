// Imported first by the benches that run flows: the test stack's environment (which `npm run
// bench` has started), read before the server's test harness reads its config at import.
import { testStackEnv } from '@bizosaas/scripts/test-env';

if (!process.env.BIZOSAAS_PROFILE) Object.assign(process.env, testStackEnv());
process.env.LOG_LEVEL = 'warn';
