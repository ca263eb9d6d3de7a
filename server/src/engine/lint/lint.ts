import type { ResolvedSettings } from './config';
import { documentStartRange, locate, locateKey } from '../yaml/locate';
import type { KubeObject, ParsedFile } from '../yaml/model';
import { tierSeverity, type FixData, type RelatedObject, type ReportInput, type Rule } from './rule';
import { findingMessage } from './messages';
import { annotationSuppressions, parseCommentSuppressions, type CommentSuppression } from './suppress';
import { SEVERITIES, severityRank, type Range, type Severity } from '../types';
import type { IndexQueries } from '../workspace/queries';
import type { ChangeTracking } from '../workspace/tracking';

/** The identity of an object, as shown in findings and CLI output. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/** What a fix needs to find its object again in a re-parsed file. */
export interface FindingFix {
  documentIndex: number;
  basePath: (string | number)[];
  data: FixData;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  object?: ObjectRef;
  related: RelatedLocation[];
  /** Present when the rule has a fix for this finding. */
  fix?: FindingFix;
  /** For a finding on an object Helm or Kustomize rendered: how, and the object as rendered. */
  rendered?: RenderedOrigin;
  /** A rendered object's fix as edits of the files the user edits (`fix` edits text only this finding's own file has). */
  sourceFix?: SourceFix;
}

/** A fix computed ahead, as edits of files other than the one linted (a template, a values file, a patch). */
export interface SourceFix {
  title: string;
  /** The rule's fix is safe: fix-all may apply it. */
  safe: boolean;
  edits: SourceEdit[];
}

/** One replacement in a file; `oldText` is what the range held when the fix was made (a changed file gets no edit). */
export interface SourceEdit {
  path: string;
  range: Range;
  oldText: string;
  newText: string;
}

export interface RenderedOrigin {
  tool: 'helm' | 'kustomize';
  /** The value sets (Helm) or overlays (Kustomize) whose renders give this finding. */
  valueSets: string[];
  object: ObjectRef;
}

export interface LintOptions {
  settings: ResolvedSettings;
  /** Rules see only its queries; IncrementalLinter, given the same options, also asks what each check read. */
  index: IndexQueries & ChangeTracking;
  rules: readonly Rule[];
}

/** Rule id under which a rule that throws is reported (once per rule and file). */
export const INTERNAL_ERROR_ID = 'internal-error';
export const UNUSED_SUPPRESSION_ID = 'unused-suppression';
/** Rule id of the one finding that stands for those past kubetier.maxFindingsPerFile. */
export const FINDINGS_LIMIT_ID = 'findings-limit';
/** Rule id of a chart that does not render or an overlay that does not build: the tool's error, at the place it names. */
export const RENDER_ERROR_ID = 'render-error';

export function objectRef(object: KubeObject): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.name, namespace: object.namespace };
}

/** The severity a rule runs at, or undefined when it is off for these settings. */
export function activeSeverity(rule: Rule, settings: ResolvedSettings): Severity | undefined {
  const override = settings.ruleOverrides[rule.id];
  const severity = override ?? tierSeverity(rule.tiers, settings.tier);
  return severity === 'off' ? undefined : severity;
}

function relatedLocation(related: RelatedObject): RelatedLocation {
  return { path: related.object.file.path, range: locate(related.object, related.path ?? []), message: related.message };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A rule that runs for these settings, at the severity it runs at. */
export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** A finding on an object, with the objects its related locations point at. */
export interface ObjectFinding {
  object: KubeObject;
  finding: Finding;
  relatedObjects: KubeObject[];
}

/** The rules that run for these settings, in the order of `options.rules`. */
export function activeRules(options: LintOptions): ActiveRule[] {
  return options.rules
    .map((rule) => ({ rule, severity: activeSeverity(rule, options.settings) }))
    .filter((entry): entry is ActiveRule => entry.severity !== undefined);
}

/** Runs a file rule, pushing its findings to `out`; throws what the rule throws. */
export function checkFileRule(file: ParsedFile, { rule, severity }: ActiveRule, options: LintOptions, out: Finding[]): void {
  const { settings } = options;
  const overridden = settings.ruleOverrides[rule.id] !== undefined;
  rule.checkFile?.({
    file,
    tier: settings.tier,
    settings,
    reportRange: (input) =>
      out.push({
        ruleId: rule.id,
        severity: overridden ? severity : (input.severity ?? severity),
        message: input.message,
        range: input.range,
        related: [],
      }),
  });
}

/**
 * Runs a rule on one object (the caller checks appliesTo), pushing its findings, located in the
 * object's file, to `out`; throws what the rule throws (findings reported before stay in `out`).
 */
export function checkObject(object: KubeObject, { rule, severity }: ActiveRule, options: LintOptions, out: ObjectFinding[]): void {
  const { settings, index } = options;
  const overridden = settings.ruleOverrides[rule.id] !== undefined;
  const report = (input: ReportInput) => {
    const related = input.related ?? [];
    out.push({
      object,
      finding: {
        ruleId: rule.id,
        severity: overridden ? severity : (input.severity ?? severity),
        message: findingMessage(rule, object, input),
        range: input.at === 'key' ? locateKey(object, input.path) : locate(object, input.path),
        object: objectRef(object),
        related: related.map(relatedLocation),
        fix: rule.fix ? { documentIndex: object.document.index, basePath: [...object.basePath], data: input.data ?? {} } : undefined,
      },
      relatedObjects: related.map((entry) => entry.object),
    });
  };
  rule.check?.({ object, tier: settings.tier, settings, index, report });
}

/** The objects whose findings a file reports: none for a Helm template (it is not YAML until rendered). */
export function lintedObjects(file: ParsedFile): readonly KubeObject[] {
  return file.isHelmTemplate ? [] : file.objects;
}

/** Lints one parsed file: file rules, then every object against every active rule, then suppressions. */
export function lintFile(file: ParsedFile, options: LintOptions): Finding[] {
  const active = activeRules(options);
  const findings: Finding[] = [];
  const failedRules = new Set<string>();

  const reportFailure = (rule: Rule, error: unknown, range: Range) => {
    if (failedRules.has(rule.id)) return;
    failedRules.add(rule.id);
    findings.push({
      ruleId: INTERNAL_ERROR_ID,
      severity: 'error',
      message: `kubetier internal error: rule "${rule.id}" failed and was skipped for this file (${describeError(error)}). Other rules still ran.`,
      range,
      related: [],
    });
  };

  for (const entry of active) {
    if (!entry.rule.checkFile) continue;
    try {
      checkFileRule(file, entry, options, findings);
    } catch (error) {
      reportFailure(entry.rule, error, documentStartRange(file));
    }
  }

  const objectFindings: ObjectFinding[] = [];
  const objects = lintedObjects(file);
  let checked = 0;
  for (const object of objects) {
    if (reachedFindingLimit(objectFindings, options)) break;
    checked++;
    for (const entry of active) {
      const { rule } = entry;
      if (!rule.check || failedRules.has(rule.id)) continue;
      if (rule.appliesTo && !rule.appliesTo(object)) continue;
      try {
        checkObject(object, entry, options, objectFindings);
      } catch (error) {
        reportFailure(rule, error, documentStartRange(file, object.document));
      }
    }
  }
  return finishLint(file, options, active, findings, objectFindings, objects.slice(checked));
}

/**
 * Whether the objects after this point are left unchecked: a file that expands to thousands of
 * objects (aliases in a List) would otherwise cost seconds per thousand findings, for a list nobody
 * reads. Counted before suppressions, so the editor's incremental lint stops at the same object.
 */
export function reachedFindingLimit(objectFindings: readonly ObjectFinding[], options: LintOptions): boolean {
  return objectFindings.length >= options.settings.maxFindings;
}

/**
 * The last step of every lint: drops what annotations and comments suppress, adds
 * unused-suppression findings, applies the finding limit and sorts. `findings` are the file
 * rules' (and internal errors); `unchecked` the objects left out once the limit was reached.
 */
export function finishLint(
  file: ParsedFile,
  options: LintOptions,
  active: readonly ActiveRule[],
  findings: Finding[],
  objectFindings: readonly ObjectFinding[],
  unchecked: readonly KubeObject[],
): Finding[] {
  const comments = parseCommentSuppressions(file);
  const activeIds = new Set(active.map(({ rule }) => rule.id));
  const knownIds = new Set(options.rules.map((rule) => rule.id));
  const byObject = new Map<KubeObject, ReturnType<typeof annotationSuppressions>>();
  const usedAnnotations = new Set<string>();
  for (const { object, finding } of objectFindings) {
    let annotations = byObject.get(object);
    if (!annotations) {
      annotations = annotationSuppressions(object);
      byObject.set(object, annotations);
    }
    const annotation = annotations.find((entry) => entry.ruleId === finding.ruleId);
    if (annotation) {
      usedAnnotations.add(`${file.objects.indexOf(object)}:${annotation.annotation}:${finding.ruleId}`);
      continue;
    }
    if (suppressedByComment(comments, finding)) continue;
    findings.push(finding);
  }
  const kept = findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID || !suppressedByComment(comments, finding));

  // Whether a suppression is used is unknown when objects were left unchecked.
  if (activeIds.has(UNUSED_SUPPRESSION_ID) && unchecked.length === 0) {
    const unusedSeverity = active.find(({ rule }) => rule.id === UNUSED_SUPPRESSION_ID)!.severity;
    kept.push(...unusedCommentFindings(comments, activeIds, knownIds, unusedSeverity));
    file.objects.forEach((object, objectIndex) => {
      for (const annotation of annotationSuppressions(object)) {
        if (!annotation.own) continue;
        const key = `${objectIndex}:${annotation.annotation}:${annotation.ruleId}`;
        const problem = !knownIds.has(annotation.ruleId)
          ? `unknown rule "${annotation.ruleId}"`
          : activeIds.has(annotation.ruleId) && !usedAnnotations.has(key)
            ? `"${annotation.ruleId}" reports nothing on this object`
            : undefined;
        if (problem) {
          kept.push({
            ruleId: UNUSED_SUPPRESSION_ID,
            severity: unusedSeverity,
            message: `Unused suppression in ${annotation.annotation}: ${problem}. Remove it so stale ignores do not pile up.`,
            range: locate(object, annotation.path),
            object: objectRef(object),
            related: [],
          });
        }
      }
    });
  }
  return withinFindingLimit(file, kept, options.settings.maxFindings, unchecked).sort(compareFindings);
}

/**
 * At most `max` findings, the most severe first, and one more at the top of the file saying what is
 * not shown (findings past the limit, objects left unchecked) and how to see it. The summary is as
 * severe as the worst finding it stands for, and an error when objects were left unchecked, so exit
 * codes never get better for what was not shown.
 */
function withinFindingLimit(file: ParsedFile, findings: Finding[], max: number, unchecked: readonly KubeObject[]): Finding[] {
  if (findings.length <= max && unchecked.length === 0) return findings;
  const bySeverity = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b));
  const hidden = bySeverity.slice(max);
  const counts = SEVERITIES.map((severity) => [severity, hidden.filter((finding) => finding.severity === severity).length] as const).filter(([, count]) => count > 0);
  const parts = [
    ...(hidden.length > 0 ? [`${hidden.length} more findings are not shown (${counts.map(([severity, count]) => `${count} ${severity}`).join(', ')})`] : []),
    ...(unchecked.length > 0 ? [`${unchecked.length} objects were not checked (from ${uncheckedStart(unchecked[0])})`] : []),
  ];
  const summary: Finding = {
    ruleId: FINDINGS_LIMIT_ID,
    // Objects nobody checked may hold errors: a gate on this file must not pass.
    severity: unchecked.length > 0 ? 'error' : hidden[0].severity,
    message: `${parts.join(' and ')}: this file reached kubetier.maxFindingsPerFile (${max}). Raise kubetier.maxFindingsPerFile (CLI: --max-findings) to see them all.`,
    range: documentStartRange(file),
    related: [],
  };
  return [...bySeverity.slice(0, max), summary];
}

function uncheckedStart(object: KubeObject): string {
  return `${object.kind}${object.name === undefined ? '' : ` "${object.name}"`} at line ${locate(object, []).start.line + 1}`;
}

function suppressedByComment(comments: CommentSuppression[], finding: Finding): boolean {
  const line = finding.range.start.line;
  for (const comment of comments) {
    if (line < comment.firstLine || line > comment.lastLine) continue;
    if (comment.ruleIds.includes(finding.ruleId)) {
      comment.used.add(finding.ruleId);
      return true;
    }
  }
  return false;
}

function unusedCommentFindings(
  comments: CommentSuppression[],
  activeIds: Set<string>,
  knownIds: Set<string>,
  severity: Severity,
): Finding[] {
  const findings: Finding[] = [];
  for (const comment of comments) {
    if (comment.ruleIds.length === 0) {
      findings.push({
        ruleId: UNUSED_SUPPRESSION_ID,
        severity,
        message: 'Suppression comment names no rule: list the rule ids it should silence.',
        range: comment.range,
        related: [],
      });
    }
    for (const id of comment.ruleIds) {
      const problem = !knownIds.has(id)
        ? `unknown rule "${id}"`
        : activeIds.has(id) && !comment.used.has(id)
          ? `"${id}" reports nothing here`
          : undefined;
      if (problem) {
        findings.push({
          ruleId: UNUSED_SUPPRESSION_ID,
          severity,
          message: `Unused suppression: ${problem}. Remove it so stale ignores do not pile up.`,
          range: comment.range,
          related: [],
        });
      }
    }
  }
  return findings;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
