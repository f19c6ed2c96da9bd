// Security headers on every response (helmet): a Content-Security-Policy that lets the built
// editor load only from its own origin, no framing by any site (clickjacking), no MIME sniffing,
// and no Referer sent to other sites (links in run data and the OAuth redirect leave the app).
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Vite emits module scripts as files; nothing in the editor runs inline script or eval.
        scriptSrc: ["'self'"],
        // React Flow positions nodes with inline style attributes and CodeMirror injects its
        // theme as <style> elements; both are CSS, which cannot run script.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // tRPC and the live events at /events are same-origin.
        connectSrc: ["'self'"],
        // The service worker and the auto-layout (ELK) worker are files of the build.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}
