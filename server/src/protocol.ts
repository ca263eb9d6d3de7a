// Custom messages between the kubetier client and server. Shared by both sides; no vscode import.
import type { Tier } from './engine/types';

/** Client -> server request: the tier that applies to a document and where it came from. */
export const TIER_INFO_REQUEST = 'kubetier/tierInfo';

export interface TierInfoParams {
  uri: string;
}

export interface TierInfo {
  tier: Tier;
  /** Human-readable origin: "modeline (line 1)", a .kubetier.yaml path, "kubetier.tier setting" or "default". */
  source: string;
  kubernetesVersion: string;
  /** What is wrong in the `.kubetier.yaml` that applies (the status bar shows it); absent when nothing is. */
  configProblems?: string[];
}

/** Client -> server request: list a folder's problems in the Problems panel whatever `kubetier.problems.scope` says. */
export const LINT_FOLDER_REQUEST = 'kubetier/lintFolder';

export interface LintFolderParams {
  uri: string;
}

/** What the folder holds: indexed YAML files, files with problems, and problems. */
export interface LintFolderResult {
  files: number;
  filesWithProblems: number;
  problems: number;
}

/** Server -> client notification: tiers or findings changed; the client refreshes its views. */
export const STATE_CHANGED_NOTIFICATION = 'kubetier/stateChanged';

/** Server -> client notification: the workspace index gained, changed or lost a file; the checklist views follow. */
export const INDEX_CHANGED_NOTIFICATION = 'kubetier/indexChanged';

/** The `kubetier.*` settings the server reads per document. */
export interface KubetierSettings {
  enable: boolean;
  tier?: Tier;
  kubernetesVersion?: string;
  rules?: Record<string, string>;
  /** `kubetier.schema.enable`: schema validation, completion and hover (auto = off while redhat.vscode-yaml is active). */
  schema?: { enable?: 'auto' | 'on' | 'off' };
  /** `kubetier.maxFileSize` (MB): larger documents are not parsed, even when open. */
  maxFileSize?: number;
  /** `kubetier.maxAliases`: alias expansions per document before it is refused as an alias bomb. */
  maxAliases?: number;
  /** `kubetier.maxNestingDepth`: documents nested deeper are not read. */
  maxNestingDepth?: number;
  /** `kubetier.maxDocumentNodes`: documents holding more nodes, aliases expanded, are not read. */
  maxDocumentNodes?: number;
  /** `kubetier.maxFindingsPerFile`: findings past it are summarised in one. */
  maxFindingsPerFile?: number;
  /** `kubetier.helm.path`, `kubetier.kubectl.path`, `kubetier.kustomize.path`: the binaries rendering runs. */
  helm?: { path?: string };
  kubectl?: { path?: string };
  kustomize?: { path?: string };
  /** `kubetier.render.enable` and `kubetier.render.timeout` (seconds). */
  render?: { enable?: boolean; timeout?: number };
  /** `kubetier.problems.scope` and `kubetier.problems.maxWorkspaceFiles`: which files' findings the Problems panel lists. */
  problems?: { scope?: 'openFiles' | 'workspace'; maxWorkspaceFiles?: number };
}

/** What the client tells the server at start-up. */
export interface KubetierInitializationOptions {
  /** redhat.vscode-yaml is installed and active: with `kubetier.schema.enable: auto`, kubetier leaves schemas to it. */
  redhatYamlActive?: boolean;
  /**
   * The client sends YAML file events on its own (the extension's fileEvents). Other clients that can
   * watch files are asked to; the server watches the workspace itself for those that cannot.
   */
  clientWatchesFiles?: boolean;
  /**
   * The workspace is trusted (VS Code: `workspace.isTrusted`): only then does the server run helm or
   * kubectl. Absent means untrusted: a client that knows no trust must say so explicitly.
   */
  workspaceTrusted?: boolean;
}

/** Client -> server notification: the user trusted the workspace (rendering may run now). */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'kubetier/workspaceTrusted';

/** Client -> server request: the tier checklist computed from the workspace. */
export const CHECKLIST_REQUEST = 'kubetier/checklist';

/** Client -> server request: the generated files that would make a missing checklist item done. */
export const CHECKLIST_PART_REQUEST = 'kubetier/checklistPart';

export interface ChecklistPartParams {
  itemId: string;
  /** Bundle name (a DNS-1123 label) the files are generated for. */
  name: string;
}

export interface ChecklistPartResult {
  /** Relative paths (forward slashes) and contents; empty when the generator has nothing for the item. */
  files: { path: string; content: string }[];
}

export interface ChecklistParams {
  /** Target tier to show; the project's tier (its .kubetier.yaml, then the setting) when absent. */
  tier?: Tier;
  /** URI of the project to score (one of `ChecklistView.projects`). */
  project?: string;
  /** URI of the document being edited: without `project`, its project is scored (else the first workspace folder). */
  document?: string;
}

export interface ChecklistEvidenceView {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  label: string;
}

export interface ChecklistItemView {
  id: string;
  tier: Tier;
  title: string;
  criteria: string;
  status: 'done' | 'missing' | 'not-applicable';
  detail?: string;
  snippet?: string;
  evidence: ChecklistEvidenceView[];
}

export interface DeliveryLineView {
  section: string;
  text: string;
  tier: Tier;
  items: { id: string; title: string; status: ChecklistItemView['status'] }[];
  rules: { id: string; findings: number }[];
}

export interface ChecklistView {
  targetTier: Tier;
  /** URI of the project scored: a folder holding .kubetier.yaml, else a workspace folder; absent without folders. */
  project?: string;
  /** Every project of the workspace, to switch to. */
  projects: { uri: string; name: string }[];
  /** Where the target tier came from ("kubetier.tier setting", a .kubetier.yaml path, "panel", "default"). */
  tierSource: string;
  items: ChecklistItemView[];
  byTier: Record<Tier, { done: number; missing: number; notApplicable: number; percent: number }>;
  delivery: DeliveryLineView[];
}

/** `workspace/executeCommand`: apply every safe kubetier fix to one open document (the "Fix all" command). */
export const FIX_ALL_COMMAND = 'kubetier.applyFixAll';

export interface FixAllCommandArgs {
  uri: string;
  /** The document version the user saw; nothing is applied when the document has changed since. */
  version?: number;
}

/**
 * `workspace/executeCommand`: after "Fix all", apply the fixes that wait for a decision (they change
 * behaviour or create objects); the client previews them first (a change annotation needing confirmation).
 * Arguments: `[FixAllCommandArgs]`.
 */
export const FIX_DECISIONS_COMMAND = 'kubetier.applyFixDecisions';

/** What the fix-all command answers: whether the safe fixes went in, and the summary shown to the user. */
export interface FixAllCommandResult {
  applied: boolean;
  reason?: string;
  /** "applied 4 fixes; 6 need a decision (...)". */
  summary?: string;
}

/** Code action kind of "fix all", for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.kubetier';

/**
 * Client command a code lens runs: show these locations around `position` of `uri` (VS Code's
 * `editor.action.showReferences` wants its own types, so the client converts). Arguments:
 * `[uri: string, position: Position, locations: Location[]]` in LSP shapes.
 */
export const SHOW_LINKS_COMMAND = 'kubetier.showLinks';

/** Client -> server request: the resource map of the workspace (objects, links, findings), files as URIs. */
export const RESOURCE_MAP_REQUEST = 'kubetier/resourceMap';

export interface ResourceMapParams {
  /** The active editor's document: past the size limit the map shows its objects and their neighbours. */
  uri?: string;
}
