// The snippets of snippets/kubernetes.code-snippets and what each inserts: a small parser of the
// TextMate snippet syntax VS Code uses, shared by the snippet tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

export const SNIPPETS_FILE = path.join(REPO_ROOT, 'snippets/kubernetes.code-snippets');
export const snippets = Object.values(JSON.parse(fs.readFileSync(SNIPPETS_FILE, 'utf8')) as Record<string, Snippet>);

type TabStop = { stop: number; placeholder?: Node[]; choices?: string[] };
type Node = string | TabStop;

/** Parses TextMate snippet syntax: $1, ${1}, ${1:default with $2 or ${3:nested}}, ${1|a,b|}, \$ escapes. */
function parseSnippet(text: string): Node[] {
  let i = 0;
  const parse = (insidePlaceholder: boolean): Node[] => {
    const nodes: Node[] = [];
    let literal = '';
    const flush = () => {
      if (literal) nodes.push(literal);
      literal = '';
    };
    while (i < text.length) {
      const char = text[i];
      if (char === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1])) {
        literal += text[i + 1];
        i += 2;
      } else if (insidePlaceholder && char === '}') {
        i++;
        break;
      } else if (char === '$' && /\d/.test(text[i + 1] ?? '')) {
        flush();
        const digits = /^\d+/.exec(text.slice(i + 1))![0];
        nodes.push({ stop: Number(digits) });
        i += 1 + digits.length;
      } else if (char === '$' && text[i + 1] === '{') {
        const head = /^\$\{(\d+)([:|}])/.exec(text.slice(i));
        assert.ok(head, `only tab stops are used, no variables: ${text.slice(i, i + 20)}`);
        flush();
        const stop = Number(head[1]);
        i += head[0].length;
        if (head[2] === '}') nodes.push({ stop });
        else if (head[2] === ':') nodes.push({ stop, placeholder: parse(true) });
        else {
          const end = text.indexOf('|}', i);
          nodes.push({ stop, choices: text.slice(i, end).split(',') });
          i = end + 2;
        }
      } else {
        literal += char;
        i++;
      }
    }
    flush();
    return nodes;
  };
  return parse(false);
}

/**
 * The text a snippet inserts when every tab stop keeps its default (the first choice of a choice), or the
 * value typed for it in `typed`.
 */
export function expandWithDefaults(body: string, typed: Record<number, string> = {}): string {
  const tree = parseSnippet(body);
  const defaults = new Map<number, TabStop>(Object.entries(typed).map(([stop, value]) => [Number(stop), { stop: Number(stop), placeholder: [value] }]));
  const collect = (nodes: Node[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      if (!defaults.has(node.stop) && (node.placeholder || node.choices)) defaults.set(node.stop, node);
      if (node.placeholder) collect(node.placeholder);
    }
  };
  collect(tree);
  const render = (nodes: Node[], depth: number): string =>
    nodes
      .map((node) => {
        if (typeof node === 'string') return node;
        assert.ok(depth < 10, 'tab stop defaults do not refer to each other in a cycle');
        const definition = defaults.get(node.stop);
        if (!definition) return '';
        return definition.choices ? definition.choices[0] : render(definition.placeholder!, depth + 1);
      })
      .join('');
  return render(tree, 0);
}
