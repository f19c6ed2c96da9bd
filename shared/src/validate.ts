import { analyze } from './analyze.js';
import type { NodeCatalog } from './catalog.js';
import type { Problem } from './errors.js';

/**
 * Every problem with a graph at once — errors and warnings — for the canvas to badge. Takes any
 * value (a document that does not match the schema yields `INVALID_DOCUMENT` problems) and never throws.
 */
export function validate(graph: unknown, catalog: NodeCatalog): Problem[] {
  return analyze(graph, catalog).problems;
}
