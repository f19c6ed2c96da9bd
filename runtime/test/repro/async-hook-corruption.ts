// Issue 12, item 2: the native error that killed the worker, in the setup Temporal's workflow
// sandbox uses — a worker thread, a vm context with `microtaskMode: 'afterEvaluate'`, an
// AsyncLocalStorage in use inside it, and a `timeout` on runInContext (Temporal's deadlock detector)
// that fires while a promise reaction runs. V8 terminates the reaction before Node's async hook
// `after` runs, the async id stack stays too deep, and the next callback in the thread aborts the
// whole process: "async hook stack has become corrupted (actual: 7, expected: 2)" on Node 20
// (nodejs/node#38503). Nothing catches it, so the only fix is never to reach the timeout.
//
//   node --import tsx runtime/test/repro/async-hook-corruption.ts   # dies with the native error
import { Worker } from 'node:worker_threads';

// The thread's code, as plain JavaScript (tsx does not load TypeScript into worker threads).
const thread = `
  const vm = require('node:vm');
  const { AsyncLocalStorage } = require('node:async_hooks');
  const { parentPort } = require('node:worker_threads');
  const context = vm.createContext({ AsyncLocalStorage }, { microtaskMode: 'afterEvaluate' });
  vm.runInContext('globalThis.storage = new AsyncLocalStorage();', context);
  const runaway = 'storage.run({}, () => Promise.resolve().then(() => { for (;;); }))';
  const run = () => {
    try {
      vm.runInContext(runaway, context, { timeout: 50 });
    } catch (error) {
      parentPort.postMessage('caught ' + error.code);
    }
  };
  run();
  parentPort.on('message', run);
`;
const worker = new Worker(thread, { eval: true });
worker.on('message', (message: string) => console.log(message));
setTimeout(() => worker.postMessage('again'), 500);
setTimeout(() => {
  console.log('not reproduced: the process is still alive');
  process.exit(0);
}, 3_000);
