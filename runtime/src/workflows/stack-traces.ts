// Workflow-side stack traces cost more than the expressions they would describe. In every workflow
// worker thread the SDK installs a v8 promise hook that, for each promise created in workflow code,
// captures `new Error().stack`, and its `Error.prepareStackTrace` maps every frame through the
// bundle's source map (@temporalio/worker/lib/workflow/vm-shared.js, `setPromiseHook` and
// `overridePrepareStackTrace`; no worker option turns it off). JSONata awaited several promises per
// evaluation step with deep stacks (it no longer creates any: shared's expressions-jsonata.js);
// with no frames captured a 20-node chain of set nodes ran in 187 ms instead of 822 ms. Stacks never reach a workflow's commands, so replay is unaffected; what is lost is
// the frames of the `__stack_trace` query and of errors thrown inside the workflow, and our node
// failures carry codes and messages, not workflow stacks. Called from the preload module: the SDK freezes the sandbox's globals,
// Error included, once the preloaded modules have run.
export function dropWorkflowStackTraces(): void {
  Error.stackTraceLimit = 0;
}
