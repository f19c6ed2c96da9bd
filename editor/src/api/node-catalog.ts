// The node types every canvas of the editor uses: the pure declarations of @bizosaas/nodes, the
// same list the server validates against, built once. Bundled rather than fetched, so a scratch
// flow works offline and a page draws without a round trip first.
import { builtinCatalog } from '@bizosaas/nodes';

export const nodeCatalog = builtinCatalog();
