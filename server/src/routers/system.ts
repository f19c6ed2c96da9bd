// The platform's own state, as every member may see it: whether a worker is there to run flows.
import { router, tenantProcedure } from '../trpc/init.js';
import { empty } from '../trpc/schemas.js';

export const systemRouter = router({
  health: tenantProcedure
    .input(empty)
    .query(async ({ ctx }) => ({ workers: await ctx.services.workers() })),
});
