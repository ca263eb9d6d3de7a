import type { NodePath, Range } from '../types';

/**
 * Where a field of a rendered object is written in its Helm template, read without executing it:
 * template actions are opaque, indentation gives the structure, the items of a `range` body stand
 * for every item it renders, and the actions that fill a value say which `.Values` it came from.
 */
export interface TemplateLocation {
  /** 0-based line and the columns of the key or value written there. */
  range: Range;
  /** The `.Values` paths the value is taken from (`image.tag`), extended by the part of the path the template does not spell out. */
  values: NodePath[];
  /** Whether the whole path was found spelled out in the template (false: the nearest written ancestor). */
  exact: boolean;
  /** The whole path is spelled out and its value is written as plain text on the line (no action fills it): range is that text. */
  literal: boolean;
}

interface Entry {
  line: number;
  indent: number;
  /** The key written on the line; '*' when the key itself is an action. */
  key?: string;
  item: boolean;
  /** Columns of what a finding here is shown on: the value when one is written on the line, else the key. */
  start: number;
  end: number;
  /** Actions that produce the value: inline ones and the action-only lines right below. */
  actions: string[];
  /** `.` and `$variables` in the scope the line is in, as values paths ('*' = each item of a range). */
  scope: Scope;
  hasInlineValue: boolean;
  children: Entry[];
}

interface Scope {
  dot?: NodePath;
  vars: ReadonlyMap<string, NodePath>;
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const ROOT_SCOPE: Scope = { vars: new Map() };

interface TemplateDocument {
  first: number;
  last: number;
  kind: string;
  entries: Entry[];
}

/** Templates read, by text: every finding of a render asks about the same few templates. */
const TEMPLATE_CACHE = new Map<string, { documents: TemplateDocument[] }>();
const TEMPLATE_CACHE_SIZE = 256;

function readTemplate(text: string): { documents: TemplateDocument[] } {
  let template = TEMPLATE_CACHE.get(text);
  if (!template) {
    const lines = text.split(/\r?\n/);
    const documents = templateDocuments(lines).map((span) => ({ ...span, kind: documentKind(lines, span), entries: entriesOf(lines, span.first, span.last) }));
    template = { documents };
    TEMPLATE_CACHE.set(text, template);
    if (TEMPLATE_CACHE.size > TEMPLATE_CACHE_SIZE) TEMPLATE_CACHE.delete(TEMPLATE_CACHE.keys().next().value!);
  }
  return template;
}

/** The template's documents (split at `---` lines), each as the text lines it spans. */
function templateDocuments(lines: readonly string[]): { first: number; last: number }[] {
  const documents: { first: number; last: number }[] = [];
  let first = 0;
  lines.forEach((line, i) => {
    if (/^---\s*$/.test(line)) {
      if (i > first) documents.push({ first, last: i - 1 });
      first = i + 1;
    }
  });
  if (first < lines.length) documents.push({ first, last: lines.length - 1 });
  return documents;
}

/** The `kind:` a template document writes at its top level ('' when templated or absent). */
function documentKind(lines: readonly string[], document: { first: number; last: number }): string {
  for (let i = document.first; i <= document.last; i++) {
    const match = /^kind:\s*["']?([A-Za-z0-9]+)["']?\s*(#.*)?$/.exec(lines[i]);
    if (match) return match[1];
  }
  return '';
}

/** Splits a values path expression (`.Values.a.b`, `$.Values.a`, `.a`, `$v.a`, `.`) into a path; undefined when it is not one. */
function referencePath(expression: string, scope: Scope): NodePath | undefined {
  const values = /^\$?\.Values((?:\.[A-Za-z_][\w-]*)*)$/.exec(expression);
  if (values) return values[1].split('.').filter(Boolean);
  if (/^\.(Release|Chart|Capabilities|Template|Files)\b/.test(expression)) return undefined;
  if (expression === '.') return scope.dot;
  const dotted = /^\.((?:[A-Za-z_][\w-]*)(?:\.[A-Za-z_][\w-]*)*)$/.exec(expression);
  if (dotted) return scope.dot ? [...scope.dot, ...dotted[1].split('.')] : undefined;
  const variable = /^(\$[A-Za-z_]\w*)((?:\.[A-Za-z_][\w-]*)*)$/.exec(expression);
  if (variable) {
    const base = scope.vars.get(variable[1]);
    return base ? [...base, ...variable[2].split('.').filter(Boolean)] : undefined;
  }
  return undefined;
}

/** The values paths an action reads (not those it passes to `include`/`template`, which render elsewhere). */
function actionReferences(action: string, scope: Scope): NodePath[] {
  if (/^(include|template|tpl)\b/.test(action)) return [];
  const found: NodePath[] = [];
  for (const token of action.split(/[\s|()]+/)) {
    const reference = referencePath(token, scope);
    if (reference && reference.length > 0) found.push(reference);
  }
  return found;
}

/** The scope a `with`/`range` opens, or the same scope for other blocks. */
function openedScope(action: string, scope: Scope): Scope {
  const rangeVars = /^range\s+(?:(\$\w+)\s*,\s*)?(\$\w+)\s*:=\s*(\S+)/.exec(action);
  if (rangeVars) {
    const source = referencePath(rangeVars[3], scope);
    const vars = new Map(scope.vars);
    if (source) vars.set(rangeVars[2], [...source, '*']);
    return { dot: source ? [...source, '*'] : undefined, vars };
  }
  const range = /^range\s+(\S+)/.exec(action);
  if (range) {
    const source = referencePath(range[1], scope);
    return { ...scope, dot: source ? [...source, '*'] : undefined };
  }
  const withBlock = /^with\s+(\S+)/.exec(action);
  if (withBlock) return { ...scope, dot: referencePath(withBlock[1], scope) };
  return scope;
}

const BLOCK_OPENERS = /^(if|with|range|define|block)\b/;

/** Reads the entries of one template document into a tree by indentation. */
function entriesOf(lines: readonly string[], first: number, last: number): Entry[] {
  const root: Entry = { line: -1, indent: -1, item: false, start: 0, end: 0, actions: [], scope: ROOT_SCOPE, hasInlineValue: false, children: [] };
  const stack: Entry[] = [root];
  const scopes: Scope[] = [ROOT_SCOPE];
  let lastEntry: Entry | undefined;
  for (let i = first; i <= last; i++) {
    const text = lines[i];
    const withoutActions = text.replace(ACTION, '').trim();
    const scope = scopes[scopes.length - 1];
    if (withoutActions === '' || withoutActions.startsWith('#')) {
      for (const match of text.matchAll(ACTION)) {
        const action = match[1];
        if (action.startsWith('/*')) continue;
        if (/^end\b/.test(action)) {
          if (scopes.length > 1) scopes.pop();
        } else if (BLOCK_OPENERS.test(action)) {
          scopes.push(openedScope(action, scopes[scopes.length - 1]));
        } else if (!/^(else)\b/.test(action) && lastEntry && !lastEntry.hasInlineValue) {
          // An action alone on its line right below a key with no value writes that value (toYaml, include).
          lastEntry.actions.push(action);
        }
      }
      continue;
    }
    const indent = text.length - text.trimStart().length;
    let column = indent;
    let rest = text.slice(indent);
    const entries: Entry[] = [];
    while (rest.startsWith('- ') || rest === '-') {
      entries.push({ line: i, indent: column, item: true, start: column, end: column + 1, actions: [], scope, hasInlineValue: false, children: [] });
      const skip = rest.length - rest.slice(1).trimStart().length;
      column += skip;
      rest = rest.slice(skip);
    }
    if (rest !== '') entries.push(keyOrScalar(rest, i, column, scope));
    for (const entry of entries) {
      while (stack.length > 1 && !contains(stack[stack.length - 1], entry)) stack.pop();
      stack[stack.length - 1].children.push(entry);
      stack.push(entry);
    }
    lastEntry = entries[entries.length - 1];
  }
  return root.children;
}

/** Whether `entry` lies under `parent`: deeper, or an item of a key at the same indentation (`key:\n- a`). */
function contains(parent: Entry, entry: Entry): boolean {
  if (entry.indent > parent.indent) return !parent.hasInlineValue || parent.item;
  return entry.indent === parent.indent && entry.item && !parent.item && parent.key !== undefined && !parent.hasInlineValue;
}

function keyOrScalar(rest: string, line: number, column: number, scope: Scope): Entry {
  const key = /^("[^"]*"|'[^']*'|\{\{[^}]*\}\}|[^\s:#][^:#]*?)\s*:(\s+|$)/.exec(rest);
  if (!key) {
    const actions = [...rest.matchAll(ACTION)].map((match) => match[1]);
    return { line, indent: column, item: false, start: column, end: column + rest.trimEnd().length, actions, scope, hasInlineValue: true, children: [] };
  }
  const name = key[1].startsWith('{{') ? '*' : key[1].replace(/^["']|["']$/g, '');
  const valueText = rest.slice(key[0].length).replace(/\s+#.*$/, '').trimEnd();
  const hasInlineValue = valueText !== '' && !/^[|>][-+0-9]*$/.test(valueText);
  const valueStart = column + key[0].length;
  const actions = [...valueText.matchAll(ACTION)].map((match) => match[1]);
  return {
    line,
    indent: column,
    key: name,
    item: false,
    start: hasInlineValue ? valueStart : column,
    end: hasInlineValue ? valueStart + valueText.length : column + key[1].length,
    actions,
    scope,
    hasInlineValue,
    children: [],
  };
}

/**
 * Where `path` of the `ordinal`-th rendered object of kind `kind` from this template is written.
 * Undefined when the template has no document at all.
 */
export function locateInTemplate(templateText: string, kind: string, ordinal: number, path: NodePath): TemplateLocation | undefined {
  const template = readTemplate(templateText);
  if (template.documents.length === 0) return undefined;
  const same = template.documents.filter((document) => document.kind === kind);
  const templated = template.documents.filter((document) => document.kind === '');
  const document = same[Math.min(ordinal, same.length - 1)] ?? templated[0] ?? template.documents[0];
  const entries = document.entries;
  const kindEntry = entries.find((entry) => entry.key === 'kind') ?? entries[0];
  if (!kindEntry) return { range: lineRange(document.first, 0, 0), values: [], exact: false, literal: false };

  let children = entries;
  let found: Entry | undefined;
  let consumed = 0;
  const indices: number[] = [];
  for (const segment of path) {
    let next: Entry | undefined;
    if (typeof segment === 'number') {
      const items = children.filter((entry) => entry.item);
      next = items[Math.min(segment, items.length - 1)];
      if (next) indices.push(segment);
    } else {
      next = children.find((entry) => entry.key === segment) ?? children.find((entry) => entry.key === '*');
    }
    if (!next) break;
    found = next;
    consumed++;
    // A `- name: x` item's keys hang under the item; its first key is written on the item's line.
    children = next.children;
  }
  const at = found ?? kindEntry;
  const remainder = path.slice(consumed);
  const values = found ? valuesPaths(at, remainder, indices) : [];
  const exact = consumed === path.length;
  const literal = exact && found !== undefined && found.hasInlineValue && found.actions.length === 0;
  return { range: lineRange(at.line, at.start, at.end), values, exact, literal };
}

/** The values paths behind an entry's value, '*' filled with the rendered item indices, extended by the unspelled remainder. */
function valuesPaths(entry: Entry, remainder: NodePath, indices: readonly number[]): NodePath[] {
  const paths: NodePath[] = [];
  for (const action of entry.actions) {
    for (const reference of actionReferences(action, entry.scope)) {
      const filled = [...indices];
      const resolved: (string | number)[] = [];
      for (let i = reference.length - 1; i >= 0; i--) resolved.unshift(reference[i] === '*' ? (filled.pop() ?? 0) : reference[i]);
      paths.push([...resolved, ...remainder]);
    }
  }
  return paths;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
