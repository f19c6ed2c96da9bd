// The server's Content-Security-Policy allows no eval. Zod otherwise probes for it with
// `new Function` the first time it parses, which the browser reports as a policy violation even
// though zod catches the refusal. Zod reads its configuration from this global, and a classic
// script runs before any module, so no parse can come first (a module import could not promise
// that: the bundle evaluates shared code that parses before the entry module's own body).
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, {
  jitless: true,
});
