// Preloaded into the workflow sandbox once per worker thread (see workflowBundlerOptions): the
// zod modules the node types use are evaluated here, once, and shared by every workflow instead
// of being evaluated again for each. A module the bundle keeps for its effect, so it builds a
// schema: zod installs its default locale and memoizer in its global config when it builds its
// first container, and the SDK freezes preloaded modules afterwards.
import { array, object, unknown } from 'zod';

object({ items: array(unknown()) });
