// Node-only entry point (`@bizosaas/nodes/executors`): the I/O halves of action nodes and the
// outbound HTTP guard. Never imported by workflow code.
import { httpRequestExecutor } from './builtin/http-request.executor.js';
import type { NodeExecutor } from './executor.js';

export * from './http/index.js';
export { httpRequestExecutor };

/** Executors of the built-in action nodes, by `type@version`. */
export function builtinExecutors(): Map<string, NodeExecutor> {
  return new Map([httpRequestExecutor].map((e) => [e.key, e]));
}
