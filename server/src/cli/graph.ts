// `kubetier graph`: the resource map of the files as Mermaid, DOT or JSON, with each object's
// findings at its tier as its class. Files are read, rendered and linted as `kubetier lint` does.
import { buildResourceGraph } from '../engine/graph/build';
import { withFindings } from '../engine/graph/findings';
import { renderedPlaces } from '../engine/graph/rendered';
import type { Finding } from '../engine/lint/lint';
import { ConfigCache } from '../engine/workspace/disk';
import { lintWorkspace, loadProject, type ProjectOptions } from '../engine/workspace/project';
import { RULES } from '../rules';
import { flagValue, parseArgs, tierFlag } from './args';
import { graphDot, graphJson, graphMermaid } from './graphFormats';
import type { CliIO } from './main';
import { projectInputs } from './projectInputs';
import { RENDER_FLAGS } from './renderFlags';
import { escapeControl } from './terminal';

export const GRAPH_USAGE = `  graph [paths...]     The resource map: how the objects connect (selects, routes to, mounts, env from,
                       runs as, scales, protects, binds), missing targets, each object's findings as its class
    --format F           mermaid | dot | json (default mermaid)
    --tier N             Target tier (overrides modelines, .kubetier.yaml and settings)
    --render R           auto | never (default auto): charts and overlays as rendered (and --helm,
                         --kubectl, --kustomize, --render-timeout as for lint)`;

export function graphCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, { format: { value: true, choices: ['mermaid', 'dot', 'json'] }, tier: { value: true }, ...RENDER_FLAGS });
  const configs = new ConfigCache();
  const project = projectInputs(args, io, configs);
  if ('errors' in project) return 2;
  const options: ProjectOptions = { rules: RULES, host: {}, cliTier: tierFlag(args), render: project.render };
  const workspace = loadProject(project.inputs, options, configs);
  const reports = lintWorkspace(workspace, options, configs);
  for (const report of reports.filter((entry) => entry.skipped)) io.stderr(`kubetier: ${escapeControl(`${report.path}: not read (${report.skipped})`)}`);
  for (const problem of configs.problems()) io.stderr(`kubetier: warning: ${escapeControl(problem)}`);
  const { read, readText } = workspace.readers;
  const places = workspace.render ? renderedPlaces(workspace.render.primary, read, readText) : new Map();
  const graph = buildResourceGraph({ index: workspace.index, renderedPlace: (object) => places.get(object) });
  const findings = new Map<string, Finding[]>(reports.map((report) => [report.path, report.findings]));
  const mapped = withFindings(graph, findings);
  const format = flagValue(args, 'format') ?? 'mermaid';
  io.stdout(format === 'json' ? graphJson(mapped, io.cwd) : format === 'dot' ? graphDot(mapped) : graphMermaid(mapped));
  return 0;
}
