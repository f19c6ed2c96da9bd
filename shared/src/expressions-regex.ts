import { RE2JS } from 're2js';

/**
 * Regexes in expressions run on RE2JS, a pure-JS port of RE2: matching is linear in the input, so a
 * pattern like `/^(a+)+$/` cannot backtrack for hours inside one synchronous `exec` (V8's own
 * engine would, and nothing can interrupt it there: not a step count, not the workflow sandbox).
 * RE2 has no lookaround and no backreferences; such patterns are refused when the expression is
 * parsed. Pure JS, no Node APIs: it runs in the browser and in Temporal's workflow sandbox.
 */

/** Why a JSONata regex literal cannot run in linear time, or undefined if it can. */
export function unsupportedRegex(re: RegExp): string | undefined {
  try {
    compiledRegex(re);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `regex /${re.source}/ cannot run in linear time (no lookaround or backreferences): ${reason}`;
  }
}

const compiledRegexes = new WeakMap<RegExp, RE2JS>();

function compiledRegex(re: RegExp): RE2JS {
  let compiled = compiledRegexes.get(re);
  if (!compiled) {
    const flags =
      (re.flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
      (re.flags.includes('m') ? RE2JS.MULTILINE : 0);
    compiled = RE2JS.compile(RE2JS.translateRegExp(re), flags);
    compiledRegexes.set(re, compiled);
  }
  return compiled;
}

/**
 * The bound of one search's work, in units of one input character read by one instruction of the
 * program: a search from `start` reads at most the rest of the input, with at most one thread per
 * instruction. Charging the bound rather than the work done is what keeps many searches over one
 * long input (quadratic even for RE2: `/a*b|a/` on "aaaa…") inside the budget. RE2JS was measured
 * at up to ~250 ns per unit (`\s+` and `(a+)+$` on a long run of "a").
 */
export function searchWork(inputLength: number, start: number, programSize: number): number {
  return Math.max(1, inputLength - start) * programSize;
}

/** The subset of RegExp that JSONata's `RegexEngine` option uses: `lastIndex` and `exec`. */
export interface RegexEngine {
  lastIndex: number;
  exec(input: string): RegExpExecArray | null;
}

/**
 * A RegExp look-alike for JSONata over RE2JS. `charge(work)` is called before each search with the
 * bound of its work (see `searchWork`), and may throw to stop the evaluation.
 */
export function linearRegexEngine(charge: (work: number) => void): new (re: RegExp) => RegexEngine {
  return class LinearRegExp implements RegexEngine {
    lastIndex = 0;
    private readonly re2: RE2JS;

    constructor(re: RegExp) {
      this.re2 = compiledRegex(re);
    }

    exec(input: string): RegExpExecArray | null {
      const start = this.lastIndex;
      const matcher = this.re2.matcher(input);
      charge(searchWork(input.length, start, matcher.programSize()));
      if (start > input.length || !matcher.find(start)) {
        this.lastIndex = 0;
        return null;
      }
      // The shape of a RegExp match, as JSONata reads it: [match, ...groups] with `index`; a group
      // that did not take part is undefined, as in JavaScript.
      const groups: (string | undefined)[] = [];
      for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
      const match = Object.assign(groups, { index: matcher.start(), input }) as RegExpExecArray;
      this.lastIndex = matcher.end();
      return match;
    }
  };
}
