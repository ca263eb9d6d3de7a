// `customRules:` of `.kubetier.yaml`: a CEL expression over each matching object, turned into a rule
// that lints, suppresses, hovers and reports like a built-in one. Problems come with their line so the
// editor shows them in `.kubetier.yaml` itself.
import { pathToFileURL } from 'node:url';
import { asArray, asMap } from '../kube/objects';
import type { Rule, TierTable } from '../lint/rule';
import type { KubeObject } from '../yaml/model';
import { isSeverityOrOff, isTier, type NodePath } from '../types';
import { prepareActivation, runCel, type PreparedActivation } from './cel';
import { fromCel } from './celValues';
import { parseFieldPath, policyExpression, type PolicyExpression } from './admissionModel';

/** A problem in the config file, at a 0-based line. */
export interface LocatedProblem {
  line: number;
  message: string;
}

export interface CustomRule extends Rule {
  /** The expression as written: part of the settings' identity, so an edit re-lints. */
  readonly expression: string;
}

const RULE_ID = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DEFAULT_TIERS: TierTable = { 1: 'warning' };
const KNOWN_KEYS = new Set(['id', 'title', 'match', 'expression', 'message', 'messageExpression', 'fieldPath', 'tiers', 'docs']);

interface Match {
  kinds?: readonly string[];
  apiGroups?: readonly string[];
}

function stringList(value: unknown): string[] | undefined {
  const list = asArray(value);
  return list.length > 0 && list.every((entry) => typeof entry === 'string') ? (list as string[]) : undefined;
}

function matches(match: Match, object: KubeObject): boolean {
  if (match.kinds && !match.kinds.includes(object.kind) && !match.kinds.includes('*')) return false;
  return !match.apiGroups || match.apiGroups.includes(object.group) || match.apiGroups.includes('*');
}

function readTiers(value: unknown, problem: (message: string) => void): TierTable {
  if (value === undefined) return DEFAULT_TIERS;
  const map = asMap(value);
  const tiers: TierTable = {};
  for (const [key, severity] of Object.entries(map ?? {})) {
    const tier = Number(key);
    if (isTier(tier) && isSeverityOrOff(severity)) tiers[tier] = severity;
    else problem(`tiers.${key} must map a tier 1-5 to off, hint, info, warning or error`);
  }
  if (!map) problem('tiers must be a mapping such as { 2: warning, 3: error }');
  return Object.keys(tiers).length > 0 ? tiers : DEFAULT_TIERS;
}

function messageOf(expression: PolicyExpression | undefined, fallback: string, activation: PreparedActivation): string {
  if (!expression?.program) return fallback;
  const result = runCel(expression.program, activation);
  const text = 'value' in result ? fromCel(result.value) : undefined;
  return typeof text === 'string' && text.trim() !== '' ? text : fallback;
}

/** Rules from `customRules:`; `lineOf` gives the 0-based line of a path inside it, `reservedIds` the built-in rule ids. */
export function readCustomRules(
  value: unknown,
  configPath: string,
  lineOf: (path: NodePath) => number,
  reservedIds: ReadonlySet<string>,
): { rules: CustomRule[]; problems: LocatedProblem[] } {
  const rules: CustomRule[] = [];
  const problems: LocatedProblem[] = [];
  if (!Array.isArray(value)) return { rules, problems: [{ line: lineOf([]), message: 'customRules must be a list of rules (id, match, expression, message)' }] };
  const seen = new Set<string>();
  value.forEach((entry, i) => {
    const at = (path: NodePath, message: string) => problems.push({ line: lineOf([i, ...path]), message: `customRules[${i}]: ${message}` });
    const map = asMap(entry);
    if (!map) return at([], 'must be a mapping');
    for (const key of Object.keys(map)) if (!KNOWN_KEYS.has(key)) at([key], `unknown key "${key}"`);
    const id = map.id;
    if (typeof id !== 'string' || !RULE_ID.test(id)) return at(['id'], 'id must be a kebab-case rule id such as team-owner-label');
    if (reservedIds.has(id)) return at(['id'], `id "${id}" is a built-in rule; choose another`);
    if (seen.has(id)) return at(['id'], `id "${id}" is used twice`);
    seen.add(id);
    const expression = policyExpression(map.expression, ['expression']);
    if (expression.error) return at(['expression'], `expression does not compile: ${expression.error}`);
    const messageExpression = map.messageExpression === undefined ? undefined : policyExpression(map.messageExpression, ['messageExpression']);
    if (messageExpression?.error) at(['messageExpression'], `messageExpression does not compile: ${messageExpression.error}`);
    const match = asMap(map.match) ?? {};
    const kinds = stringList(match.kinds);
    const apiGroups = stringList(match.apiGroups);
    if (map.match !== undefined && !kinds && !apiGroups) at(['match'], 'match needs kinds and/or apiGroups lists');
    const title = typeof map.title === 'string' ? map.title : id;
    const message = typeof map.message === 'string' ? map.message : title;
    const docs = typeof map.docs === 'string' ? map.docs : undefined;
    const fieldPath: NodePath = typeof map.fieldPath === 'string' ? parseFieldPath(map.fieldPath) : [];
    const program = expression.program!;
    const scope: Match = { kinds, apiGroups };
    const helpUri = docs && /^https?:\/\//.test(docs) ? docs : `${pathToFileURL(configPath).href}#L${lineOf([i]) + 1}`;
    rules.push({
      id,
      title,
      category: 'custom',
      tiers: readTiers(map.tiers, (problem) => at(['tiers'], problem)),
      rationale: docs ?? `A custom rule of ${configPath}.`,
      remediation: docs && !helpUri.startsWith('http') ? docs : `${message.replace(/\.?$/, '.')}`,
      helpUri,
      expression: program.expression,
      appliesTo: (object) => matches(scope, object),
      check({ object, report }) {
        const activation = prepareActivation({ object: object.value, oldObject: null });
        const result = runCel(program, activation);
        if ('error' in result) report({ path: [], message: `Custom rule "${id}" could not be evaluated: ${result.error}` });
        else if (result.value !== true) report({ path: fieldPath, message: messageOf(messageExpression, message, activation) });
      },
    });
  });
  return { rules, problems };
}
