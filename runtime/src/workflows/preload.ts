// Preloaded into the workflow sandbox once per worker thread (see workflowBundlerOptions): pure
// libraries the interpreter's modules use are evaluated here, once, and shared by every workflow
// instead of being evaluated again for each. The bundle keeps this module for its effects, so each
// import is used: zod installs its default locale and memoizer in its global config when it builds
// its first container, and the SDK freezes preloaded modules afterwards, so that happens here;
// @noble/hashes (reached through shared's hash module) builds its tables on import.
// zod runs jitless here: by default it compiles a parser (`new Function`) for each object schema
// the first time it parses with it, and in the sandbox every workflow builds its schemas afresh, so
// each run compiled those parsers, and ran them cold, for the one or two parses it makes.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { array, config, object, unknown } from 'zod';
import { dropWorkflowStackTraces } from './stack-traces.js';

config({ jitless: true });
object({ items: array(unknown()) });
bytesToHex(sha256(utf8ToBytes('')));
dropWorkflowStackTraces();
