// The server's Content-Security-Policy allows no eval. Zod otherwise probes for it with
// `new Function` on its first parse, which the browser reports as a policy violation even though
// zod catches the refusal and parses without compiling. Imported first by main.tsx.
import { z } from 'zod';

z.config({ jitless: true });
