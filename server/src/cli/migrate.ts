// Applies pending database migrations (run by `npm run up` and `npm test`).
import { readConfig } from '@bizosaas/shared/config';
import { migrate, openOrm } from '../db/orm.js';

const orm = await openOrm(readConfig(process.env));
try {
  const applied = await migrate(orm);
  console.log(`    migrations ${applied.length ? `applied: ${applied.join(', ')}` : 'up to date'}`);
} finally {
  await orm.close();
}
