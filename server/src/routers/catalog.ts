// The node palette: every node type the server validates against, with JSON Schemas of params
// and outputs so the editor can build forms and autocomplete without importing zod schemas.
import { outputJsonSchema, paramsJsonSchema } from '@bizosaas/shared';
import { router, tenantProcedure } from '../trpc/init.js';
import { empty } from '../trpc/schemas.js';

export const catalogRouter = router({
  list: tenantProcedure.input(empty).query(({ ctx }) =>
    ctx.services.catalog.list().map((t) => ({
      key: t.key,
      type: t.type,
      version: t.version,
      kind: t.kind,
      title: t.title,
      description: t.description,
      category: t.category,
      icon: t.icon,
      connectionType: t.connectionType ?? null,
      inputs: t.inputs,
      outputs: t.outputs.map((o) => ({ name: o.name, title: o.title ?? o.name })),
      paramsSchema: paramsJsonSchema(t),
      outputSchemas: Object.fromEntries(
        t.outputs.map((o) => [o.name, outputJsonSchema(t, o.name)]),
      ),
    })),
  ),
});
