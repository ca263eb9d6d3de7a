// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the
// pull request's diff (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
import type { Finding } from '../engine/lint/lint';
import type { FileReport } from '../engine/workspace/project';
import type { Severity } from '../engine/types';
import { displayPath, summaryLine } from './format';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * The runner's own escaping (actions/toolkit `escapeData`): `%`, CR and LF. Other control characters
 * are percent-encoded too, so a file name or message cannot move the log's cursor or colour it; the
 * runner leaves them as written, which shows them instead of acting on them.
 */
export function escapeCommandData(text: string): string {
  return text.replace(/[%\r\n\x00-\x1f\x7f-\x9f]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Properties also escape `:` and `,`, which end a property (actions/toolkit `escapeProperty`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

function findingCommand(finding: Finding, file: string | undefined): string {
  const { start, end } = finding.range;
  return workflowCommand(
    COMMAND[finding.severity],
    {
      file,
      line: start.line + 1,
      col: start.character + 1,
      endLine: end.line + 1,
      // GitHub accepts endColumn only on a one-line annotation.
      endColumn: start.line === end.line ? end.character + 1 : undefined,
      title: finding.ruleId,
    },
    finding.message,
  );
}

/** One workflow command per finding and per skipped file, then the summary as a plain log line. */
export function formatGithub(reports: readonly FileReport[], cwd: string): string {
  const out: string[] = [];
  for (const report of reports) {
    // Standard input has no file in the repository to annotate: its findings become run-level annotations.
    const file = report.path === '-' ? undefined : displayPath(report.path, cwd);
    if (report.skipped) out.push(workflowCommand('notice', { file, title: 'kubetier' }, `kubetier did not check this file: ${report.skipped}`));
    for (const finding of report.findings) out.push(findingCommand(finding, file));
  }
  out.push(summaryLine(reports));
  return out.join('\n');
}
