// Seeds the demo tenant and user (run by `npm run up`).
import { readConfig } from '@bizosaas/shared/config';
import { openOrm } from '../db/orm.js';
import { seedDemo } from '../db/seed.js';

const orm = await openOrm(readConfig(process.env));
try {
  const { created } = await seedDemo(orm.em.fork());
  console.log(`    demo tenant ${created ? 'created' : 'already there'}`);
} finally {
  await orm.close();
}
