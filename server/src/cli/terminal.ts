// Text taken from files (object names, paths, messages quoting values) reaches the terminal. A name such
// as "evil\e]0;PWNED\a\e[31m" would retitle the terminal, recolour or erase lines and fake output, and
// bidirectional overrides reorder what is shown (Trojan Source): every such character is written as a
// visible escape instead. Only the CLI's own colour codes are added after escaping.

/** C0 and C1 controls, DEL, and the Unicode bidirectional embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e', '\x07': '\\a' };

/** `text` with every control and bidi character shown as an escape (`\e`, `\n`, `\x9b`, `\u202e`). */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
