// Incremental lint for an editor: typing changes one document of a file, so most objects keep their
// value (reparseFile keeps untouched documents' values) and most checks their result. Each check
// (one rule on one object) is remembered with its findings and what it asked the workspace index;
// the next lint runs again only the checks of objects whose value changed, and those whose index
// questions a changed object answers (IndexRead). Everything else is reused, its ranges moved with
// its document. Suppressions, unused suppressions and the order go through lintFile's own last step
// (finishLint), so the result is exactly lintFile's.
import type { LineIndex } from '../yaml/lines';
import {
  activeRules,
  checkFileRule,
  checkObject,
  finishLint,
  lintedObjects,
  lintFile,
  reachedFindingLimit,
  type ActiveRule,
  type Finding,
  type LintOptions,
  type ObjectFinding,
  type RelatedLocation,
} from './lint';
import type { KubeObject, ParsedDocument, ParsedFile } from '../yaml/model';
import type { Rule } from './rule';
import type { Range } from '../types';
import type { IndexQueries } from '../workspace/queries';
import type { IndexRead } from '../workspace/tracking';

/** A range as offsets from the start of its document: valid as long as the document's text is. */
interface DocumentRange {
  start: number;
  end: number;
}

/** A related location, and how to find it again when its file is replaced. */
interface CachedRelated {
  location: RelatedLocation;
  /** The version of the file the location was computed in (fileVersion; not the file, whose text it would keep). */
  fileVersion: number;
  /** The value of the document it is in (an unchanged document keeps its value object). */
  documentValue: unknown;
  offsets: DocumentRange;
}

interface CachedFinding {
  finding: Finding;
  offsets: DocumentRange;
  related: CachedRelated[];
}

/** One rule on one object: its findings and the questions it asked the index. */
interface Check {
  readonly owner: ObjectEntry;
  readonly rule: ActiveRule;
  findings: CachedFinding[];
  reads: IndexRead[];
  /** A changed object answers one of its reads: run it again. */
  stale: boolean;
}

interface ObjectEntry {
  object: KubeObject;
  /** The active rules that apply to the object (appliesTo reads only the object), in rule order. */
  checks: Check[];
  /** Some check is stale. */
  stale: boolean;
  /** The findings of all its checks, in order; rebuilt when a check runs again. */
  findings: CachedFinding[];
  /** The findings as last placed, and where the document was then. */
  placed?: Placement;
}

/** Where an object's document started (offset, line, column) when its findings were placed. */
interface Placement {
  start: number;
  line: number;
  column: number;
  documentIndex: number;
  findings: Finding[];
}

interface Cache {
  path: string;
  index: LintOptions['index'];
  rules: readonly Rule[];
  settingsKey: string;
  active: ActiveRule[];
  generation: number;
  /** By object value: an object whose value is the same object is the same object. */
  entries: Map<unknown, ObjectEntry>;
  /** Checks by the kinds their reads can match ('' for reads of any kind). */
  readers: Map<string, Set<Check>>;
  /** Checks whose reads match only one object version, by its value. */
  valueReaders: Map<unknown, Set<Check>>;
}

const ANY_KIND = '';

/** A cached finding's document is gone though no read said so: a bug, answered by a full lint. */
class StaleCache extends Error {}

/**
 * Lints one file again and again (an open document), running only what a change can affect.
 * `lint` returns exactly what `lintFile` returns for the same file, settings and index; the
 * file must be the one the index holds for its path (the server sets it before linting).
 */
export class IncrementalLinter {
  private cache: Cache | undefined;
  /** How lints went: from a reused cache, started over, or handed to lintFile (a rule threw, or a bug). */
  readonly counts = { reused: 0, rebuilt: 0, fallback: 0, checks: 0 };
  /** Why the last fallback happened (tests check there was none). */
  lastFallback: unknown;

  lint(file: ParsedFile, options: LintOptions): Finding[] {
    if (options.index.untracked(() => options.index.get(file.path)) !== file) {
      this.cache = undefined;
      this.counts.fallback++;
      this.lastFallback = 'the index does not hold this file';
      return lintFile(file, options);
    }
    try {
      return this.lintCached(file, options);
    } catch (error) {
      // A rule that throws is reported (and skipped for the rest of the file) exactly as lintFile does it;
      // anything else that goes wrong here (a StaleCache) is answered by the plain lint as well.
      this.cache = undefined;
      this.counts.fallback++;
      this.lastFallback = error;
      return lintFile(file, options);
    }
  }

  private lintCached(file: ParsedFile, options: LintOptions): Finding[] {
    const reusable = this.reusableCache(file, options);
    const cache = reusable ?? this.emptyCache(file, options);
    this.cache = undefined;
    if (reusable) this.counts.reused++;
    else this.counts.rebuilt++;
    const fileFindings: Finding[] = [];
    for (const rule of cache.active) if (rule.rule.checkFile) checkFileRule(file, rule, options, fileFindings);

    const entries = new Map<unknown, ObjectEntry>();
    const objectFindings: ObjectFinding[] = [];
    const documents = new DocumentFinder(file, options.index);
    const objects = lintedObjects(file);
    let checked = 0;
    for (const object of objects) {
      if (reachedFindingLimit(objectFindings, options)) break;
      checked++;
      let entry = cache.entries.get(object.value);
      if (entry) {
        cache.entries.delete(object.value);
        entry.object = object;
      } else {
        entry = { object, checks: [], stale: true, findings: [] };
        for (const rule of cache.active) {
          if (rule.rule.check && (!rule.rule.appliesTo || rule.rule.appliesTo(object))) entry.checks.push({ owner: entry, rule, findings: [], reads: [], stale: true });
        }
      }
      entries.set(object.value, entry);
      if (entry.stale) {
        for (const check of entry.checks) if (check.stale) this.run(cache, check, file, options);
        entry.findings = entry.checks.flatMap((check) => check.findings);
        entry.placed = undefined;
        entry.stale = false;
      }
      if (entry.findings.length > 0) documents.placeAll(entry, objectFindings);
    }
    // Objects that are gone: forget their checks.
    for (const entry of cache.entries.values()) for (const check of entry.checks) this.unregister(cache, check);
    cache.entries = entries;
    cache.generation = options.index.generation;
    const findings = finishLint(file, options, cache.active, fileFindings, objectFindings, objects.slice(checked));
    this.cache = cache;
    return findings;
  }

  /** The cache, with the checks a change since the last lint may affect marked stale; undefined to start over. */
  private reusableCache(file: ParsedFile, options: LintOptions): Cache | undefined {
    const cache = this.cache;
    if (!cache || cache.path !== file.path || cache.index !== options.index || cache.rules !== options.rules) return undefined;
    if (cache.settingsKey !== settingsKey(options)) return undefined;
    const changes = options.index.changesSince(cache.generation);
    if (!changes) return undefined;
    const markIfRead = (check: Check, changed: KubeObject) => {
      if (check.stale) return;
      const read = check.reads.some((entry) => (entry.kinds === undefined || entry.kinds.includes(changed.kind)) && (entry.value === undefined || entry.value === changed.value) && entry.matches(changed));
      if (read) check.stale = check.owner.stale = true;
    };
    for (const changed of [...changes.removed, ...changes.added]) {
      for (const key of [changed.kind, ANY_KIND]) for (const check of cache.readers.get(key) ?? []) markIfRead(check, changed);
      for (const check of cache.valueReaders.get(changed.value) ?? []) markIfRead(check, changed);
    }
    return cache;
  }

  private emptyCache(file: ParsedFile, options: LintOptions): Cache {
    return {
      path: file.path,
      index: options.index,
      rules: options.rules,
      settingsKey: settingsKey(options),
      active: activeRules(options),
      generation: options.index.generation,
      entries: new Map(),
      readers: new Map(),
      valueReaders: new Map(),
    };
  }

  /** Runs a check, remembering its findings (as offsets in their documents) and its reads. */
  private run(cache: Cache, check: Check, file: ParsedFile, options: LintOptions): void {
    this.unregister(cache, check);
    this.counts.checks++;
    const object = check.owner.object;
    const out: ObjectFinding[] = [];
    const { reads } = options.index.track(() => checkObject(object, check.rule, options, out));
    check.reads = reads;
    check.stale = false;
    check.findings = out.map(({ finding, relatedObjects }) => ({
      finding,
      offsets: offsetsIn(file.lines, object.document, finding.range),
      related: finding.related.map((location, i) => {
        const relatedObject = relatedObjects[i];
        return {
          location,
          fileVersion: fileVersion(relatedObject.file),
          documentValue: relatedObject.document.value,
          offsets: offsetsIn(relatedObject.file.lines, relatedObject.document, location.range),
        };
      }),
    }));
    for (const read of reads) {
      if (read.value !== undefined) addTo(cache.valueReaders, read.value, check);
      else for (const kind of read.kinds ?? [ANY_KIND]) addTo(cache.readers, kind, check);
    }
  }

  private unregister(cache: Cache, check: Check): void {
    for (const read of check.reads) {
      if (read.value !== undefined) cache.valueReaders.get(read.value)?.delete(check);
      else for (const key of read.kinds ?? [ANY_KIND]) cache.readers.get(key)?.delete(check);
    }
  }
}

function addTo<K>(registry: Map<K, Set<Check>>, key: K, check: Check): void {
  let checks = registry.get(key);
  if (!checks) registry.set(key, (checks = new Set()));
  checks.add(check);
}

/** What the rules see of the settings: a change of any of it runs every check again. */
function settingsKey(options: LintOptions): string {
  return JSON.stringify(options.settings);
}

const fileVersions = new WeakMap<ParsedFile, number>();
let lastFileVersion = 0;

/** A number per parsed file object: the same number is the same text. */
function fileVersion(file: ParsedFile): number {
  let version = fileVersions.get(file);
  if (version === undefined) fileVersions.set(file, (version = ++lastFileVersion));
  return version;
}

function offsetsIn(lines: LineIndex, document: ParsedDocument, range: Range): DocumentRange {
  const start = document.span[0];
  return { start: lines.offsetAt(range.start) - start, end: lines.offsetAt(range.end) - start };
}

/** Puts cached findings where their documents are now. */
class DocumentFinder {
  private readonly byValue = new Map<ParsedFile, Map<unknown, ParsedDocument>>();

  constructor(
    private readonly file: ParsedFile,
    private readonly index: IndexQueries,
  ) {}

  /**
   * Pushes an object's cached findings to `out`, ranges where its document is now. The document's
   * text is unchanged (its value is), so when it starts at the same column a finding only moves by
   * whole lines, and one whose document did not move is the same Finding object as last time (the
   * publish reuses its encoded diagnostic: lsp/publishWire.ts). Related locations (other documents)
   * are found again each time.
   */
  placeAll(entry: ObjectEntry, out: ObjectFinding[]): void {
    const { object } = entry;
    const { document } = object;
    const start = document.span[0];
    const { line, character: column } = this.file.lines.positionAt(start);
    const placed = entry.placed;
    const movable = placed !== undefined && placed.column === column && placed.documentIndex === document.index;
    // placed.findings[i] is entry.findings[i] as last placed (entry.placed is dropped when entry.findings changes).
    const findings = entry.findings.map((cached, i) => {
      if (!movable) return this.place(document, start, cached);
      const previous = placed.findings[i];
      if (cached.related.length > 0) {
        const fresh = this.place(document, start, cached);
        return sameRelated(fresh, previous) && sameRange(fresh.range, previous.range) ? previous : fresh;
      }
      return placed.line === line ? previous : { ...previous, range: moveLines(previous.range, line - placed.line) };
    });
    entry.placed = { start, line, column, documentIndex: document.index, findings };
    // finishLint does not look at relatedObjects; the cache keeps what it needs.
    for (const finding of findings) out.push({ object, finding, relatedObjects: [] });
  }

  private place(document: ParsedDocument, start: number, cached: CachedFinding): Finding {
    const { finding } = cached;
    return {
      ...finding,
      range: this.file.lines.rangeOf(start + cached.offsets.start, start + cached.offsets.end),
      related: cached.related.length === 0 ? finding.related : cached.related.map((entry) => this.relocate(entry)),
      fix: finding.fix && (finding.fix.documentIndex === document.index ? finding.fix : { ...finding.fix, documentIndex: document.index }),
    };
  }

  private relocate(entry: CachedRelated): RelatedLocation {
    const current = entry.location.path === this.file.path ? this.file : this.index.untracked(() => this.index.get(entry.location.path));
    if (current && fileVersion(current) === entry.fileVersion) return entry.location;
    const document = current && this.documentOf(current, entry.documentValue);
    if (!current || !document) throw new StaleCache();
    return { ...entry.location, range: rangeIn(current.lines, document, entry.offsets) };
  }

  private documentOf(file: ParsedFile, value: unknown): ParsedDocument | undefined {
    let documents = this.byValue.get(file);
    if (!documents) {
      documents = new Map(file.documents.map((document) => [document.value, document]));
      this.byValue.set(file, documents);
    }
    return documents.get(value);
  }
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Related locations in the same places (their messages come from the same cached finding). */
function sameRelated(a: Finding, b: Finding): boolean {
  return a.related.length === b.related.length && a.related.every((location, i) => location.path === b.related[i].path && sameRange(location.range, b.related[i].range));
}

function moveLines(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function rangeIn(lines: LineIndex, document: ParsedDocument, offsets: DocumentRange): Range {
  const start = document.span[0];
  return lines.rangeOf(start + offsets.start, start + offsets.end);
}
