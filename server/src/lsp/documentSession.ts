// Everything the server keeps for one open document, from didOpen to didClose: its settings, its
// parse, its incremental linter and the failures already logged, its latest lint, its pending lint
// and its modeline. Closing the document is one dispose().
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseModeline } from '../engine/lint/config';
import { IncrementalLinter } from '../engine/lint/incremental';
import type { Finding, LintOptions } from '../engine/lint/lint';
import { parseText, reparseText } from '../engine/workspace/disk';
import { DEFAULT_PARSE_LIMITS, sameParseLimits, type ParseLimits, type ParsedFile } from '../engine/yaml/model';
import { failuresToLog } from './diagnostics';
import type { LintSnapshot } from './hover';
import { CachedSettings, type SettingsSource } from './settings';
import { uriToPath } from './uri';

/** A parse and the version and limits it was made for: re-linting for a settings change does not reparse. */
interface DocumentParse {
  version: number;
  file: ParsedFile;
  limits: ParseLimits;
}

/** The linter, which runs again only what an edit (or another file's change) can affect, and the rule failures it logged. */
interface LintState {
  linter: IncrementalLinter;
  loggedFailures: Set<string>;
}

/** One lint's findings and the work it took (rule checks run, lints handed to a full lint). */
export interface LintRun {
  findings: Finding[];
  checks: number;
  fallbacks: number;
}

/** What a content change is: the one TextDocuments fires with the open is no edit. */
export interface ContentChange {
  isEdit: boolean;
  /** The modeline's tier or Kubernetes version changed (the status bar follows). */
  modelineChanged: boolean;
}

const newLintState = (): LintState => ({ linter: new IncrementalLinter(), loggedFailures: new Set() });

/** The modeline settings that change a document's tier or Kubernetes version. */
function modelineKey(text: string): string {
  const modeline = parseModeline(text);
  return `${modeline?.tier ?? ''}/${modeline?.kubernetesVersion ?? ''}`;
}

export class DocumentSession {
  readonly settings: CachedSettings;
  private parse: DocumentParse | undefined;
  private lintState = newLintState();
  private snapshot: (LintSnapshot & { version: number }) | undefined;
  private pendingLint: NodeJS.Timeout | undefined;
  private modeline: string | undefined;
  private opening = true;

  constructor(
    readonly uri: string,
    settingsSource: SettingsSource,
    warn: (message: string) => void,
  ) {
    this.settings = new CachedSettings(settingsSource, uri, warn);
  }

  /** Runs `lint` after `delay` ms, replacing a lint still waiting (typing settles first). */
  scheduleLint(delay: number, lint: () => void): void {
    clearTimeout(this.pendingLint);
    this.pendingLint = setTimeout(() => {
      this.pendingLint = undefined;
      lint();
    }, delay);
  }

  /**
   * The document parsed for its version and `limits` (without limits, the ones of the last parse);
   * `fresh` when it was parsed now. Typing changes one document of a multi-document file: only that
   * one is parsed again, the others keep their trees.
   */
  parsed(document: TextDocument, limits?: ParseLimits): { file: ParsedFile; fresh: boolean } {
    const cached = this.parse;
    const parseLimits = limits ?? cached?.limits ?? DEFAULT_PARSE_LIMITS;
    const reusable = cached !== undefined && sameParseLimits(cached.limits, parseLimits);
    if (reusable && cached.version === document.version) return { file: cached.file, fresh: false };
    const text = document.getText();
    const file = reusable ? reparseText(cached.file, text, parseLimits) : parseText(uriToPath(document.uri), text, parseLimits);
    this.parse = { version: document.version, file, limits: parseLimits };
    return { file, fresh: true };
  }

  lint(file: ParsedFile, options: LintOptions): LintRun {
    const { linter } = this.lintState;
    const before = { ...linter.counts };
    const findings = linter.lint(file, options);
    return { findings, checks: linter.counts.checks - before.checks, fallbacks: linter.counts.fallback - before.fallback };
  }

  /** The rule failures of a lint not logged yet for this document (a failing rule is logged once, not per keystroke). */
  failuresToLog(findings: readonly Finding[]): string[] {
    return failuresToLog(findings, this.lintState.loggedFailures);
  }

  remember(version: number, snapshot: LintSnapshot): void {
    this.snapshot = { version, ...snapshot };
  }

  /** The latest lint, if it was made for this version. */
  snapshotFor(version: number): LintSnapshot | undefined {
    return this.snapshot?.version === version ? this.snapshot : undefined;
  }

  /** The document is not checked (too large, binary): nothing of an earlier parse or lint stays. */
  forgetLint(): void {
    this.parse = undefined;
    this.lintState = newLintState();
    this.snapshot = undefined;
  }

  contentChanged(text: string): ContentChange {
    const key = modelineKey(text);
    const modelineChanged = this.modeline !== undefined && this.modeline !== key;
    this.modeline = key;
    const isEdit = !this.opening;
    this.opening = false;
    return { isEdit, modelineChanged };
  }

  dispose(): void {
    clearTimeout(this.pendingLint);
    this.pendingLint = undefined;
    this.settings.clear();
    this.forgetLint();
  }
}
