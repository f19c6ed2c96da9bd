// The in-process server, for what starts one beside its own setup (the editor's browser tests).
// The editor's client takes the API's type from `@bizosaas/server/router`.
export { migrate } from './db/orm.js';
export { openServer, type ServerOptions } from './server.js';
