// kubetier's own completions: modeline, suppression comments, known annotations and labels with
// tier-aware values, `.kubetier.yaml` keys. Schema completions (fields, enums) come from
// yaml-language-server (schemaService.ts); completeAt() puts both together.
import * as path from 'path';
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import { CONFIG_FILE_NAME } from '../engine/lint/config';
import { IGNORE_ANNOTATION } from '../engine/lint/suppress';
import { TIER_NAMES, TIERS, type Tier } from '../engine/types';
import { enclosingDocument, topLevelScalar } from './documentSlice';

export interface RuleSummary {
  id: string;
  title: string;
}

export interface CompletionInput {
  text: string;
  position: Position;
  filePath: string;
  tier: Tier;
  rules: readonly RuleSummary[];
  /** Bundled schema versions, for `k8s=` and `kubernetesVersion:`. */
  kubernetesVersions: readonly string[];
  /** Names of the cert-manager issuers in the workspace, for the issuer annotations. */
  issuers?: () => { issuers: string[]; clusterIssuers: string[] };
  /** apiVersion+kind pairs with a schema, for top-level `apiVersion:` and `kind:` (schema features on). */
  knownKinds?: () => { apiVersion: string; kind: string }[];
}

/** Where the cursor is in a line of block YAML, read from the text (the document may not parse while typing). */
export type LineContext =
  | { at: 'key'; indent: number; prefix: string; parents: string[] }
  | { at: 'value'; indent: number; key: string; prefix: string; parents: string[] }
  | { at: 'comment'; prefix: string };

const MODELINE_MAX_LINE = 10;
const SEVERITY_VALUES = ['off', 'hint', 'info', 'warning', 'error'];
const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'];
const POD_SECURITY_MODES = ['enforce', 'audit', 'warn'];

function unquote(key: string): string {
  return key.trim().replace(/^(["'])(.*)\1$/, '$2');
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** Keys of the block maps that enclose a line, outermost first, found by indentation. */
function parentKeys(lines: string[], line: number, indent: number): string[] {
  const parents: string[] = [];
  let limit = indent;
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const text = lines[i];
    if (/^\s*(#.*)?$/.test(text)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(text)) break;
    const lineIndent = indentOf(text);
    if (lineIndent >= limit) continue;
    // `- kind: ServiceAccount` above `  name: ` opens the same map (a sequence item): its parent is the sequence's.
    const item = /^(\s*-\s+)[^\s#]/.exec(text);
    if (item && item[1].length === limit) {
      limit = lineIndent;
      continue;
    }
    const match = /^\s*(?:-\s+)?([^:#]+):\s*(#.*)?$/.exec(text);
    // A parent that is not a `key:` line (a sequence item with content) ends what we can tell.
    if (!match) break;
    parents.unshift(unquote(match[1]));
    limit = lineIndent;
  }
  return parents;
}

export function lineContext(text: string, position: Position): LineContext | undefined {
  const lines = text.split('\n');
  const line = lines[position.line];
  if (line === undefined) return undefined;
  const before = line.slice(0, position.character);
  const comment = /^\s*(#.*)$/.exec(before);
  if (comment) return { at: 'comment', prefix: comment[1] };
  const key = /^(\s*)(?:-\s+)?([^:#"']*|"[^"]*|'[^']*)$/.exec(before);
  if (key) {
    const indent = before.length - before.trimStart().length + (/^\s*-\s+/.test(before) ? /^\s*-\s+/.exec(before)![0].trimStart().length : 0);
    return { at: 'key', indent, prefix: key[2].replace(/^["']/, ''), parents: parentKeys(lines, position.line, indent) };
  }
  const value = /^(\s*)(?:-\s+)?([^:#]+):\s+([^#]*)$/.exec(before);
  if (value) {
    const indent = value[1].length;
    return { at: 'value', indent, key: unquote(value[2]), prefix: value[3].replace(/^["']/, ''), parents: parentKeys(lines, position.line, indent) };
  }
  return undefined;
}

function replacing(position: Position, prefix: string, item: CompletionItem & { newText: string }): CompletionItem {
  const { newText, ...rest } = item;
  return {
    ...rest,
    filterText: rest.filterText ?? rest.label,
    textEdit: { range: { start: { line: position.line, character: position.character - prefix.length }, end: position }, newText },
  };
}

function ruleItems(input: CompletionInput, prefix: string, format: (id: string) => string = (id) => id): CompletionItem[] {
  return input.rules.map((rule, i) =>
    replacing(input.position, prefix, {
      label: rule.id,
      kind: CompletionItemKind.Value,
      detail: rule.title,
      sortText: `0${String(i).padStart(4, '0')}`,
      newText: format(rule.id),
    }),
  );
}

function tierItems(input: CompletionInput, prefix: string): CompletionItem[] {
  return TIERS.map((tier) =>
    replacing(input.position, prefix, {
      label: String(tier),
      kind: CompletionItemKind.EnumMember,
      detail: `tier ${tier}: ${TIER_NAMES[tier]}`,
      sortText: `0${tier}`,
      newText: String(tier),
    }),
  );
}

function versionItems(input: CompletionInput, prefix: string, quote: boolean): CompletionItem[] {
  return [...input.kubernetesVersions].reverse().map((version, i) =>
    replacing(input.position, prefix, {
      label: version,
      kind: CompletionItemKind.EnumMember,
      detail: `Kubernetes ${version} (bundled schema)`,
      sortText: `0${i}`,
      newText: quote ? `"${version}"` : version,
    }),
  );
}

const DIRECTIVES = [
  { label: 'kubetier: tier=', detail: 'modeline: target tier of this file (first 10 lines)' },
  { label: 'kubetier-disable-next-line ', detail: 'silence rules on the next line' },
  { label: 'kubetier-disable ', detail: 'silence rules until kubetier-enable' },
  { label: 'kubetier-enable', detail: 'end a kubetier-disable block' },
];

function commentItems(input: CompletionInput, prefix: string): CompletionItem[] {
  const modeline = /^#\s*kubetier:\s*(?:.*\s)?(\w*)(=?)([\w.]*)$/.exec(prefix);
  if (modeline && input.position.line < MODELINE_MAX_LINE) {
    const [, key, equals, value] = modeline;
    if (equals && key === 'tier') return tierItems(input, value);
    if (equals && key === 'k8s') return versionItems(input, value, false);
    if (equals) return [];
    return [
      { label: 'tier=', detail: 'target tier, 1-5' },
      { label: 'k8s=', detail: 'Kubernetes version for schemas and deprecated APIs' },
    ].map((entry, i) =>
      replacing(input.position, key, { ...entry, kind: CompletionItemKind.Property, sortText: `0${i}`, newText: entry.label, command: retrigger }),
    );
  }
  const directive = /^#\s*kubetier-(?:disable-next-line|disable|enable)\b(?:.*[\s,])?([\w-]*)$/.exec(prefix);
  if (directive) return ruleItems(input, directive[1]);
  const partial = /^#\s*(k[\w-]*)$/.exec(prefix);
  if (partial && 'kubetier'.startsWith(partial[1].slice(0, 8))) {
    return DIRECTIVES.filter((entry) => entry.label.startsWith(partial[1]) && (input.position.line < MODELINE_MAX_LINE || !entry.label.startsWith('kubetier:'))).map(
      (entry, i) =>
        replacing(input.position, partial[1], { ...entry, kind: CompletionItemKind.Keyword, sortText: `0${i}`, newText: entry.label, command: retrigger }),
    );
  }
  return [];
}

const retrigger = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

interface KnownKey {
  key: string;
  detail: string;
  /** Whether it applies to a document of this kind. */
  when?: (kind: string | undefined) => boolean;
}

const KNOWN_ANNOTATIONS: KnownKey[] = [
  { key: IGNORE_ANNOTATION, detail: 'kubetier: rule ids to silence on this object, comma-separated' },
  { key: 'cert-manager.io/cluster-issuer', detail: 'cert-manager: ClusterIssuer that issues this Ingress/Gateway certificate', when: (kind) => kind === 'Ingress' || kind === 'Gateway' },
  { key: 'cert-manager.io/issuer', detail: 'cert-manager: namespaced Issuer that issues this Ingress/Gateway certificate', when: (kind) => kind === 'Ingress' || kind === 'Gateway' },
  { key: 'prometheus.io/scrape', detail: 'Prometheus: scrape this pod or service ("true")' },
  { key: 'prometheus.io/port', detail: 'Prometheus: port that serves metrics' },
  { key: 'prometheus.io/path', detail: 'Prometheus: metrics path (default /metrics)' },
];

const NAMESPACE_LABELS: KnownKey[] = POD_SECURITY_MODES.map((mode) => ({
  key: `pod-security.kubernetes.io/${mode}`,
  detail: `Pod Security Admission: ${mode} level for this namespace`,
}));

function keyItems(input: CompletionInput, prefix: string, keys: KnownKey[], kind: string | undefined): CompletionItem[] {
  return keys
    .filter((entry) => !entry.when || entry.when(kind))
    .map((entry, i) =>
      replacing(input.position, prefix, {
        label: entry.key,
        kind: CompletionItemKind.Property,
        detail: entry.detail,
        sortText: `0${i}`,
        newText: `${entry.key}: `,
        command: retrigger,
      }),
    );
}

/** restricted first from tier 2 (the Production checklist requires it), baseline first below. */
function podSecurityLevels(tier: Tier): string[] {
  return tier >= 2 ? POD_SECURITY_LEVELS : ['baseline', 'restricted', 'privileged'];
}

function valueItems(input: CompletionInput, values: { value: string; detail: string }[], prefix: string, preselectFirst = false): CompletionItem[] {
  return values.map((entry, i) =>
    replacing(input.position, prefix, {
      label: entry.value,
      kind: CompletionItemKind.Value,
      detail: entry.detail,
      sortText: `0${i}`,
      preselect: preselectFirst && i === 0 ? true : undefined,
      newText: entry.value,
    }),
  );
}

function isMetadataMap(parents: string[], name: 'annotations' | 'labels'): boolean {
  return parents.length >= 2 && parents[parents.length - 1] === name && parents[parents.length - 2] === 'metadata';
}

function manifestItems(input: CompletionInput, context: Exclude<LineContext, { at: 'comment' }>): CompletionItem[] {
  const slice = enclosingDocument(input.text, input.position.line);
  const kind = slice && topLevelScalar(slice.text, 'kind');
  if (context.at === 'key') {
    if (isMetadataMap(context.parents, 'annotations')) return keyItems(input, context.prefix, KNOWN_ANNOTATIONS, kind);
    if (isMetadataMap(context.parents, 'labels') && context.parents.length === 2 && kind === 'Namespace') {
      return keyItems(input, context.prefix, NAMESPACE_LABELS, kind);
    }
    return [];
  }
  const { key, prefix } = context;
  if (context.parents.length === 0 && context.indent === 0 && (key === 'kind' || key === 'apiVersion') && input.knownKinds) {
    return typeItems(input, key, prefix, slice?.text ?? '');
  }
  if (isMetadataMap(context.parents, 'annotations')) {
    if (key === IGNORE_ANNOTATION) return ruleItems(input, prefix.replace(/^.*,\s*/, ''));
    if (key === 'prometheus.io/scrape') return valueItems(input, [{ value: '"true"', detail: 'scrape' }, { value: '"false"', detail: 'do not scrape' }], prefix);
    if (key === 'cert-manager.io/cluster-issuer' || key === 'cert-manager.io/issuer') {
      const known = input.issuers?.();
      const names = key.endsWith('cluster-issuer') ? known?.clusterIssuers : known?.issuers;
      return valueItems(input, (names ?? []).map((name) => ({ value: name, detail: `${key.endsWith('cluster-issuer') ? 'ClusterIssuer' : 'Issuer'} in the workspace` })), prefix);
    }
  }
  if (isMetadataMap(context.parents, 'labels') && /^pod-security\.kubernetes\.io\/(enforce|audit|warn)$/.test(key)) {
    const levels = podSecurityLevels(input.tier).map((level) => ({
      value: level,
      detail: level === 'restricted' && input.tier >= 2 ? `required from tier 2 (${TIER_NAMES[2]})` : `Pod Security Standard "${level}"`,
    }));
    return valueItems(input, levels, prefix, true);
  }
  return [];
}

/** `kind:` values (those of the document's apiVersion first) or `apiVersion:` values (those serving its kind first). */
function typeItems(input: CompletionInput, key: 'kind' | 'apiVersion', prefix: string, documentText: string): CompletionItem[] {
  const other = topLevelScalar(documentText, key === 'kind' ? 'apiVersion' : 'kind');
  const matching = new Set<string>();
  const all = new Set<string>();
  for (const gvk of input.knownKinds?.() ?? []) {
    const value = key === 'kind' ? gvk.kind : gvk.apiVersion;
    all.add(value);
    if (other && (key === 'kind' ? gvk.apiVersion : gvk.kind) === other) matching.add(value);
  }
  const ordered = [...[...matching].sort(), ...[...all].filter((value) => !matching.has(value)).sort()];
  return ordered.map((value, i) =>
    replacing(input.position, prefix, {
      label: value,
      kind: key === 'kind' ? CompletionItemKind.Class : CompletionItemKind.Module,
      detail: matching.has(value) ? `${key === 'kind' ? 'served by' : 'serves'} ${other}` : undefined,
      sortText: String(i).padStart(5, '0'),
      newText: value,
    }),
  );
}

const CONFIG_KEYS = [
  { key: 'tier', detail: 'target tier of the files under this folder, 1-5' },
  { key: 'kubernetesVersion', detail: 'Kubernetes version for schemas and deprecated APIs, e.g. "1.31"' },
  { key: 'rules', detail: 'severity overrides by rule id (off, hint, info, warning, error)' },
  { key: 'ignore', detail: 'glob patterns of files kubetier skips' },
  { key: 'customRules', detail: 'your own rules: id, match, CEL expression, message, tiers' },
  { key: 'policies', detail: 'folders of admission and Kyverno policies to evaluate' },
];

function configItems(input: CompletionInput, context: Exclude<LineContext, { at: 'comment' }>): CompletionItem[] {
  if (context.at === 'key') {
    if (context.parents.length === 0 && context.indent === 0) {
      return keyItems(input, context.prefix, CONFIG_KEYS, undefined).map((item) => ({ ...item, kind: CompletionItemKind.Module }));
    }
    if (context.parents.length === 1 && context.parents[0] === 'rules') return ruleItems(input, context.prefix, (id) => `${id}: `);
    return [];
  }
  if (context.parents.length === 0 && context.key === 'tier') return tierItems(input, context.prefix);
  if (context.parents.length === 0 && context.key === 'kubernetesVersion') return versionItems(input, context.prefix.replace(/^["']/, ''), true);
  if (context.parents.length === 1 && context.parents[0] === 'rules') {
    return valueItems(input, SEVERITY_VALUES.map((value) => ({ value, detail: value === 'off' ? 'never report' : `report as ${value}` })), context.prefix);
  }
  return [];
}

/** kubetier's completions at a position (empty when it has nothing to add there). */
export function kubetierCompletions(input: CompletionInput): CompletionItem[] {
  const context = lineContext(input.text, input.position);
  if (!context) return [];
  if (context.at === 'comment') return commentItems(input, context.prefix);
  if (path.basename(input.filePath) === CONFIG_FILE_NAME) return configItems(input, context);
  return manifestItems(input, context);
}

/** kubetier's items first, then the schema's; one list, incomplete when either part is. */
export function mergeCompletions(own: CompletionItem[], schema: CompletionList | undefined): CompletionList {
  const labels = new Set(own.map((item) => item.label));
  const schemaItems = (schema?.items ?? []).filter((item) => !labels.has(item.label));
  return { isIncomplete: schema?.isIncomplete ?? false, items: [...own, ...schemaItems] };
}
