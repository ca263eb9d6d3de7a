// Kubernetes' CEL libraries that need no cluster (https://kubernetes.io/docs/reference/using-api/cel/):
// lists, regex, strings ext, sets and format. URL/IP/CIDR and quantity live in their own modules.
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';

const MAX_CACHED_PATTERNS = 1000;
const patterns = new Map<string, RE2JS>();

/** An RE2 pattern, compiled once; a bad pattern throws, which CEL reports as an evaluation error. */
function re2(pattern: string): RE2JS {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    try {
      compiled = RE2JS.compile(pattern);
    } catch (error) {
      throw new Error(`invalid regular expression "${pattern}": ${(error as Error).message}`);
    }
    if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  const found: string[] = [];
  if (limit === 0n) return found;
  for (const match of re2(pattern).matchAll(text)) {
    found.push(match[0]);
    if (limit > 0n && found.length >= limit) break;
  }
  return found;
}

type Comparable = bigint | number | string;

function ordered(list: Comparable[]): boolean {
  return list.every((item, i) => i === 0 || list[i - 1] <= item);
}

function extreme(list: Comparable[], pick: (a: Comparable, b: Comparable) => boolean): Comparable {
  if (list.length === 0) throw new Error('min/max of an empty list');
  return list.reduce((best, item) => (pick(item, best) ? item : best));
}

function sum(list: (bigint | number)[]): bigint | number {
  if (list.length === 0) return 0n;
  return typeof list[0] === 'bigint' ? (list as bigint[]).reduce((a, b) => a + b, 0n) : (list as number[]).reduce((a, b) => a + b, 0);
}

function celEquals(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a, jsonSafe) === JSON.stringify(b, jsonSafe));
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** `%s %d %f %e %x %o %b`, as cel-go's strings ext formats them; `%%` is a percent sign. */
function format(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(/%(?:\.(\d+))?([sdfexXob%])/g, (_all, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new Error(`format: too few arguments for "${template}"`);
    const arg = args[next++];
    switch (verb) {
      case 'd':
        return String(typeof arg === 'number' ? Math.trunc(arg) : arg);
      case 'f':
        return Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
      case 'e':
        return Number(arg).toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, 'e$10$2');
      case 'x':
      case 'X': {
        const hex = typeof arg === 'string' ? Buffer.from(arg).toString('hex') : BigInt(arg as bigint).toString(16);
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      case 'o':
        return BigInt(arg as bigint).toString(8);
      case 'b':
        return typeof arg === 'boolean' ? String(arg) : BigInt(arg as bigint).toString(2);
      default:
        return Array.isArray(arg) ? `[${arg.map(String).join(', ')}]` : String(arg);
    }
  });
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A named format of Kubernetes' format library: what `format.<name>()` returns. */
export class NamedFormat {
  constructor(
    readonly name: string,
    private readonly pattern: RegExp,
    private readonly maxLength: number,
  ) {}

  /** Kubernetes' contract: none when valid, else the list of problems. */
  validate(value: string): Optional {
    const problems: string[] = [];
    if (value.length > this.maxLength) problems.push(`must be no more than ${this.maxLength} characters`);
    if (!this.pattern.test(value)) problems.push(`must be a valid ${this.name}`);
    return problems.length === 0 ? Optional.none() : Optional.of(problems);
  }
}

const FORMATS: Record<string, NamedFormat> = Object.fromEntries(
  (
    [
      ['dns1123Label', DNS1123_LABEL, 63],
      ['dns1123Subdomain', DNS1123_SUBDOMAIN, 253],
      ['dns1035Label', DNS1035_LABEL, 63],
      ['labelValue', LABEL_VALUE, 63],
      ['qualifiedName', QUALIFIED_NAME, 316],
      ['uuid', UUID, 36],
      ['date', DATE, 10],
      ['datetime', DATETIME, 64],
      ['byte', BASE64, Number.MAX_SAFE_INTEGER],
    ] as const
  ).map(([name, pattern, max]) => [name, new NamedFormat(name, pattern, max)]),
);

/** Receivers for the namespaced functions `sets.*`, `strings.*` and `format.*` (CEL parses them as method calls). */
class SetsNamespace {}
class StringsNamespace {}
class FormatNamespace {}

export function registerKubernetesLibrary(env: Environment): void {
  env
    .registerFunction('string.re2Matches(string): bool', (text: string, pattern: string) => re2(pattern).test(text))
    .registerFunction('re2Matches(string, string): bool', (text: string, pattern: string) => re2(pattern).test(text))
    .registerFunction('string.find(string): string', (text: string, pattern: string) => re2(pattern).exec(text)?.[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) => findAll(text, pattern, -1n))
    .registerFunction('string.findAll(string, int): list<string>', findAll)
    .registerFunction('string.charAt(int): string', (text: string, at: bigint) => {
      if (at < 0n || at > BigInt(text.length)) throw new Error(`index out of range: ${at}`);
      return text.charAt(Number(at));
    })
    .registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => text.split(from).join(to))
    .registerFunction('string.replace(string, string, int): string', (text: string, from: string, to: string, n: bigint) => replaceN(text, from, to, n))
    .registerFunction('string.reverse(): string', (text: string) => [...text].reverse().join(''))
    .registerFunction('string.format(list): string', (text: string, args: unknown[]) => format(text, args))
    .registerFunction('list.isSorted(): bool', (list: Comparable[]) => ordered(list))
    .registerFunction('list.sum(): dyn', (list: (bigint | number)[]) => sum(list))
    .registerFunction('list.min(): dyn', (list: Comparable[]) => extreme(list, (a, b) => a < b))
    .registerFunction('list.max(): dyn', (list: Comparable[]) => extreme(list, (a, b) => a > b))
    .registerFunction('list.indexOf(dyn): int', (list: unknown[], item: unknown) => BigInt(list.findIndex((x) => celEquals(x, item))))
    .registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], item: unknown) => BigInt(lastIndex(list, item)))
    .registerType('kubernetes.Sets', SetsNamespace)
    .registerConstant('sets', 'kubernetes.Sets', new SetsNamespace())
    .registerFunction('kubernetes.Sets.contains(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEquals(x, y))))
    .registerFunction('kubernetes.Sets.intersects(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) => b.some((x) => a.some((y) => celEquals(x, y))))
    .registerFunction('kubernetes.Sets.equivalent(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) =>
      a.every((x) => b.some((y) => celEquals(x, y))) && b.every((x) => a.some((y) => celEquals(x, y))),
    )
    .registerType('kubernetes.Strings', StringsNamespace)
    .registerConstant('strings', 'kubernetes.Strings', new StringsNamespace())
    .registerFunction('kubernetes.Strings.quote(string): string', (_: unknown, text: string) => JSON.stringify(text))
    .registerType('kubernetes.NamedFormat', NamedFormat)
    .registerType('kubernetes.Format', FormatNamespace)
    .registerConstant('format', 'kubernetes.Format', new FormatNamespace())
    .registerFunction('kubernetes.Format.named(string): optional<kubernetes.NamedFormat>', (_: unknown, name: string) =>
      FORMATS[name] ? Optional.of(FORMATS[name]) : Optional.none(),
    )
    .registerFunction('kubernetes.NamedFormat.validate(string): optional<list<string>>', (named: NamedFormat, value: string) => named.validate(value));
  for (const name of Object.keys(FORMATS)) {
    env.registerFunction(`kubernetes.Format.${name}(): kubernetes.NamedFormat`, () => FORMATS[name]);
  }
}

function lastIndex(list: unknown[], item: unknown): number {
  for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], item)) return i;
  return -1;
}

function replaceN(text: string, from: string, to: string, n: bigint): string {
  if (n < 0n) return text.split(from).join(to);
  const parts = text.split(from);
  const kept = Number(n) + 1;
  return parts.slice(0, kept).join(to) + (parts.length > kept ? from + parts.slice(kept).join(from) : '');
}
