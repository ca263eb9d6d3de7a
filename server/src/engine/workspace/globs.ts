// Globs a workspace supplies (`.kubetier.yaml` `ignore`, `files.exclude`) are untrusted input: a cloned
// repository chooses them. picomatch turns a glob into a JavaScript regular expression, which
// backtracks: `*a*a*a*...*a*b` against a long name takes exponential time and froze start-up. So
// picomatch only parses (it stays the one reading glob syntax: braces, classes, globstars, extglobs)
// and RE2JS, a port of RE2's automata, matches: time linear in the path for a given pattern.
import picomatch from 'picomatch';
import { globChars } from 'picomatch/lib/constants';
import { RE2JS } from 're2js';

export interface GlobSet {
  /** Whether a `/`-separated relative path matches any glob of the set. */
  matches(relativePath: string): boolean;
  /** Globs that could not be compiled, with the reason; they match nothing. */
  problems: string[];
}

const CHARS = globChars(false);
/**
 * picomatch's lookaheads, which RE2 has no automaton for. They keep `*` and `**` from matching the
 * `.` and `..` segments of a path and from matching an empty segment: paths given to a GlobSet are
 * normalised relative paths, which never hold either, so without them a glob matches the same paths.
 */
const DROPPED_LOOKAHEADS = [CHARS.NO_DOTS, CHARS.NO_DOTS_SLASH, CHARS.NO_DOT_SLASH, CHARS.ONE_CHAR];

type PathTest = (relativePath: string) => boolean;

/** One glob as a linear-time test; a leading `!` negates it, as picomatch does. */
function compileGlob(glob: string): PathTest {
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  const pattern = negated ? glob.slice(1) : glob;
  let source = picomatch.makeRe(pattern, { dot: true, nonegate: true }).source;
  for (const lookahead of DROPPED_LOOKAHEADS) source = source.split(lookahead).join('');
  const regexp = RE2JS.compile(source);
  return negated ? (path) => !regexp.matches(path) : (path) => regexp.matches(path);
}

/** The globs as one set; a glob RE2 cannot run (an extglob `!(...)` needs a lookahead) is reported, not run. */
export function compileGlobs(globs: readonly string[]): GlobSet {
  const tests: PathTest[] = [];
  const problems: string[] = [];
  for (const glob of globs) {
    try {
      tests.push(compileGlob(glob));
    } catch (error) {
      problems.push(`glob ${JSON.stringify(glob)} is not used: it cannot be matched in linear time (${(error as Error).message})`);
    }
  }
  return { matches: (relativePath) => tests.some((test) => test(relativePath)), problems };
}
