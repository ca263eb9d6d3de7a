import * as fs from 'fs';
import { parseLimitsFrom } from '../engine/lint/config';
import { ConfigCache } from '../engine/workspace/disk';
import { lintProject, type FileReport, type ProjectProgress } from '../engine/workspace/project';
import { severityRank, type Severity } from '../engine/types';
import { RULES } from '../rules';
import { flagValue, parseArgs, positiveFlag, tierFlag, UsageError, type ParsedArgs } from './args';
import { RENDER_FLAGS, RENDER_USAGE } from './renderFlags';
import { projectInputs } from './projectInputs';
import { explainCommand, rulesCommand } from './catalog';
import { checklistCommand } from './checklist';
import { generateCommand } from './generate';
import { GRAPH_USAGE, graphCommand } from './graph';
import { fixCommand, FIX_USAGE } from './fix';
import { formatJson, formatSarif, formatText } from './format';
import { escapeControl } from './terminal';
import { formatGithub } from './github';
import { initCommand } from './init';
import { formatJunit } from './junit';
import { startLanguageServer } from './lsp';
import { progressReporter, progressTerminal, type ProgressTerminal } from './progress';

declare const KUBETIER_VERSION: string;
const VERSION = typeof KUBETIER_VERSION === 'string' ? KUBETIER_VERSION : 'dev';

/** Where the CLI writes and what it can ask of its environment; tests pass their own. */
export interface CliIO {
  /** Writes a line (the line break is added). */
  stdout: (text: string) => void;
  /** Writes text exactly as given (`fix -` keeps the input's line endings); without it, stdout. */
  stdoutRaw?: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  cwd: string;
  isTTY: boolean;
  /** stderr when a person watches it (a terminal, not CI): long runs draw progress there. */
  progress?: ProgressTerminal;
}

const USAGE = `Usage: kubetier <command> [options]

Commands:
  lint [paths...]      Lint Kubernetes YAML files and folders ('-' reads stdin)
    --tier N             Target tier 1-5 (overrides modelines, .kubetier.yaml and settings)
    --k8s-version X.Y    Target Kubernetes version (default 1.31)
    --format F           text | json | sarif | github | junit (default text)
    --fail-on S          error | warning | info (default error): exit 1 when a finding is this severe
    --quiet              No progress line on stderr (it only appears on a terminal, never under CI)
    --max-file-size MB   Skip larger files, with the reason (default 5)
    --max-aliases N      Aliases (*name) a document may hold; a document with more is not read (default 1000)
    --max-depth N        Deepest nesting of maps and lists read; deeper documents get one diagnostic (default 500)
    --max-nodes N        Nodes a document may hold, aliases expanded; a larger one is not read (default 1000000)
    --max-findings N     Findings shown per file; the rest are summarised in one finding (default 50000)
${RENDER_USAGE}

  generate             Generate a tier bundle (see tiers.md)
    --name N --tier T    DNS label starting with a letter; tier 1-5 (default 1)
    --provider P         eks | gke | aks | onprem | hybrid (default eks)
    --packaging K        helm | kustomize | raw (default helm)
    --gitops G           argocd | flux | none (default argocd from tier 3)
    --mesh M             none | istio | linkerd | cilium (default istio from tier 3)
    --secrets S          k8s | sealed | vault (default by tier)
    --compliance C       none | soc2 | hipaa | pci | fedramp (default none): control map and extra policies
    --path DIR           target folder (default ./<name>); must be empty unless --force

  checklist [paths...] The tier checklist (tiers.md) computed from the files
    --tier N             Target tier (default 1): exit 1 when an item of tier N or below is missing
    --format F           text | json | markdown (default text)
    --render, --helm, --kubectl, --kustomize, --render-timeout  as for lint: charts and overlays
                         count as the objects they render, named as deployed
${FIX_USAGE}

${GRAPH_USAGE}

  rules                The rule catalog: id, category, severity at each tier, quick-fix
    --tier N             Only the rules that run at tier N
    --format F           text | json (default text)

  explain RULE         One rule's rationale, severity at each tier and fix

  init                 Write a commented .kubetier.yaml (never replaces one unless --force)
    --tier N             Target tier to write (default 1)
    --path DIR           Folder to write it in (default .)

  lsp --stdio          Run the language server (diagnostics, hover, completion, code actions)
                       for any editor's LSP client; also installed as kubetier-language-server

Exit codes: 0 nothing reached --fail-on, 1 something did, 2 usage or I/O error.`;

function parseKubernetesVersion(args: ParsedArgs): string | undefined {
  const raw = flagValue(args, 'k8s-version');
  if (raw !== undefined && !/^1\.\d{1,2}$/.test(raw)) throw new UsageError(`--k8s-version must look like 1.31 (got "${raw}")`);
  return raw;
}

function lintCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, {
    tier: { value: true },
    'k8s-version': { value: true },
    format: { value: true, choices: ['text', 'json', 'sarif', 'github', 'junit'] },
    'fail-on': { value: true, choices: ['error', 'warning', 'info'] },
    quiet: { value: false },
    'max-file-size': { value: true },
    'max-aliases': { value: true },
    'max-depth': { value: true },
    'max-nodes': { value: true },
    'max-findings': { value: true },
    ...RENDER_FLAGS,
  });
  const cliTier = tierFlag(args);
  const maxFileSize = positiveFlag(args, 'max-file-size', false);
  const maxFileBytes = maxFileSize === undefined ? undefined : Math.round(maxFileSize * 1024 * 1024);
  const limits = parseLimitsFrom({
    maxAliases: positiveFlag(args, 'max-aliases', true),
    maxNestingDepth: positiveFlag(args, 'max-depth', true),
    maxDocumentNodes: positiveFlag(args, 'max-nodes', true),
  });
  const maxFindingsPerFile = positiveFlag(args, 'max-findings', true);
  const kubernetesVersion = parseKubernetesVersion(args);
  const configs = new ConfigCache();
  const project = projectInputs(args, io, configs);
  if ('errors' in project) return 2;
  const { inputs, render } = project;
  const progress = io.progress && flagValue(args, 'quiet') === undefined ? progressReporter(io.progress, io.cwd) : undefined;
  const onProgress = progress && ((update: ProjectProgress) => progress.update(update));
  const reports = lintProject(inputs, { rules: RULES, host: { kubernetesVersion, maxFindingsPerFile }, cliTier, maxFileBytes, limits, render, onProgress }, configs);
  progress?.finish();
  for (const problem of configs.problems()) io.stderr(`kubetier: warning: ${escapeControl(problem)}`);
  const format = flagValue(args, 'format') ?? 'text';
  const failOn = (flagValue(args, 'fail-on') ?? 'error') as Severity;
  io.stdout(formatReports(format, reports, failOn, io));
  const failing = reports.some((report) => report.findings.some((finding) => severityRank(finding.severity) <= severityRank(failOn)));
  return failing ? 1 : 0;
}

function formatReports(format: string, reports: FileReport[], failOn: Severity, io: CliIO): string {
  switch (format) {
    case 'json':
      return formatJson(reports, io.cwd);
    case 'sarif':
      return formatSarif(reports, RULES, VERSION, io.cwd);
    case 'github':
      return formatGithub(reports, io.cwd);
    case 'junit':
      return formatJunit(reports, RULES, failOn, io.cwd);
    default:
      return formatText(reports, io.cwd, io.isTTY);
  }
}

/** The server reads its transport (--stdio, --node-ipc, --socket=N) from the command line itself. */
function lspCommand(): number {
  startLanguageServer();
  return 0;
}

const COMMANDS: Record<string, (argv: readonly string[], io: CliIO) => number> = {
  lint: lintCommand,
  checklist: checklistCommand,
  graph: graphCommand,
  generate: generateCommand,
  fix: fixCommand,
  rules: rulesCommand,
  explain: explainCommand,
  init: initCommand,
  lsp: lspCommand,
};

/** Runs the CLI and returns its exit code; never throws. */
export function runCli(argv: readonly string[], io: CliIO): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout(VERSION);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`kubetier: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    return run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kubetier ${command}: ${error.message}`);
      return 2;
    }
    io.stderr(`kubetier ${command}: ${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stdoutRaw: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(`${text}\n`),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    progress: progressTerminal(process.stderr, process.env),
  };
}

/** Entry point of `bin/kubetier-language-server.js`. */
export { startLanguageServer };

/** Entry point of `bin/kubetier.js`. */
export function main(): void {
  // A reader that stops early (`| head`) closes the pipe: that is the reader's choice, not a failure.
  // Any other write error (a full disk) is an I/O error: exit 2, as for unreadable input.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`kubetier: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  process.exitCode = runCli(process.argv.slice(2), processIO());
}
