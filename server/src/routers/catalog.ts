// The node palette: every node type the server validates against, as plain JSON with JSON Schemas
// of params and outputs, which the editor's canvases are built from. Public: a signed-out builder
// sketches on the scratch canvas, and the built-in types are no tenant's data.
import { describeNodeType } from '@bizosaas/shared';
import { publicProcedure, router } from '../trpc/init.js';
import { empty } from '../trpc/schemas.js';

export const catalogRouter = router({
  list: publicProcedure
    .input(empty)
    .query(({ ctx }) => ctx.services.catalog.list().map(describeNodeType)),
});
