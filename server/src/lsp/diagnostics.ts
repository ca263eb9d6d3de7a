import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { ruleDocUrl } from '../engine/lint/docs';
import { looksBinary } from '../engine/workspace/disk';
import { INTERNAL_ERROR_ID, UNUSED_SUPPRESSION_ID, type Finding, type FindingFix, type SourceFix } from '../engine/lint/lint';
import { describeNotChecked, type NotChecked } from '../engine/lint/notchecked';
import type { Severity } from '../engine/types';
import { pathToUri } from './uri';

export const DIAGNOSTIC_SOURCE = 'kubetier';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a quick-fix needs, carried on the diagnostic: the fix inputs and the document version they belong to. */
export interface DiagnosticData {
  fix?: FindingFix;
  /** A rendered object's fix, as edits of the template, values, resource or patch file it maps to. */
  sourceFix?: SourceFix;
  version: number;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { fix: finding.fix, sourceFix: finding.sourceFix, version };
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    tags: finding.ruleId === UNUSED_SUPPRESSION_ID ? [DiagnosticTag.Unnecessary] : undefined,
    relatedInformation:
      finding.related.length > 0
        ? finding.related.map((related) => ({
            location: { uri: pathToUri(related.path), range: related.range },
            message: related.message,
          }))
        : undefined,
    data,
  };
}

/** The info diagnostic saying what kubetier does not check here, and why. */
export function notCheckedDiagnostic(part: NotChecked): Diagnostic {
  return {
    range: part.range,
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: 'not-checked',
    message: `kubetier does not check ${describeNotChecked(part)}`,
  };
}

/**
 * The rule failures of a lint not yet written to the log for this document: a failing rule is logged
 * once per document (with its message), not on every keystroke. `logged` is updated.
 */
export function failuresToLog(findings: readonly Finding[], logged: Set<string>): string[] {
  const fresh = findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID && !logged.has(finding.message)).map((finding) => finding.message);
  for (const message of fresh) logged.add(message);
  return [...new Set(fresh)];
}

/** Why an open document is not parsed, if it is not: too large for the editor's patience, or binary. */
export function notCheckedReason(text: string, maxFileBytes: number): string | undefined {
  const bytes = Buffer.byteLength(text);
  const megabytes = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (bytes > maxFileBytes) return `it is ${megabytes(bytes)}, over kubetier.maxFileSize (${megabytes(maxFileBytes)}). Raise the setting to check it anyway, or split the file.`;
  if (looksBinary(text)) return 'it looks binary (a NUL character in its first 8 KiB).';
  return undefined;
}
