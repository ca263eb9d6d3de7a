import * as path from 'path';
import { evaluateChecklist } from '../checklist';
import { deliveryStatus, findingsByRule } from '../checklist/delivery';
import { checklistWaivers, isChecklistDocument } from '../checklist/disk';
import type { ChecklistWorkspace } from '../checklist/item';
import { countsFor, findProjects, projectOf, type Project } from '../checklist/projects';
import { collectFiles, readTextIfExists, type ConfigCache } from '../engine/workspace/disk';
import { CONFIG_FILE_NAME, describeTierSource, resolveSettings, type HostSettings } from '../engine/lint/config';
import type { Tier } from '../engine/types';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ChecklistParams, ChecklistView } from '../protocol';
import { pathToUri, uriToPath } from './uri';

export interface ChecklistSources {
  index: WorkspaceIndex;
  /** Where evidence in a rendered object is in the user's files. */
  sourceOf?: ChecklistWorkspace['sourceOf'];
  configs: ConfigCache;
  /** File-system paths of the workspace folders. */
  folders: readonly string[];
  /** The `kubetier.*` settings of the first workspace folder. */
  folderSettings: HostSettings;
}

/** A project's tier: its `.kubetier.yaml` (or one above it), then the setting, then 1. */
export function projectTier(sources: ChecklistSources, root: string): { tier: Tier; source: string } {
  const settings = resolveSettings('', sources.configs.forFile(path.join(root, CONFIG_FILE_NAME)), sources.folderSettings);
  return { tier: settings.tier, source: describeTierSource(settings.tierSource) };
}

/** The project asked for by URI when it is one; else the project of the given document; else the first. */
function chosenProject(projects: readonly Project[], params: ChecklistParams | undefined): Project | undefined {
  const asked = params?.project !== undefined ? projects.find((project) => pathToUri(project.root) === params.project) : undefined;
  if (asked) return asked;
  const documentPath = params?.document !== undefined ? uriToPath(params.document) : undefined;
  return (documentPath !== undefined ? projectOf(documentPath, projects) : undefined) ?? projects[0];
}

/** Computes the panel's view of one project: items with evidence as URIs, progress per tier, and the section 19 lines. */
export function checklistView(sources: ChecklistSources, params?: ChecklistParams): ChecklistView {
  // One walk of the folders finds the projects and the READMEs and PROJECT files some items read.
  const found = collectFiles(sources.folders, sources.configs, (name) => name === CONFIG_FILE_NAME || isChecklistDocument(name)).files;
  const projects = findProjects(sources.folders, found);
  const project = chosenProject(projects, params);
  const counts = (file: string) => project !== undefined && countsFor(file, project, projects, sources.configs);
  const files = [...sources.index.allFiles()].filter((file) => project === undefined || counts(file.path));
  const otherFiles = found.filter((file) => isChecklistDocument(path.basename(file)) && counts(file));
  const ownTier = project ? projectTier(sources, project.root) : { tier: sources.folderSettings.tier ?? 1, source: 'default' };
  const targetTier = params?.tier ?? ownTier.tier;
  const waived = checklistWaivers([...files.map((file) => file.path), ...otherFiles], sources.configs);
  const report = evaluateChecklist({ index: WorkspaceIndex.of(files), otherFiles, readText: readTextIfExists, waived, sourceOf: sources.sourceOf }, targetTier);
  return {
    targetTier,
    tierSource: params?.tier === undefined ? ownTier.source : 'chosen in the panel',
    project: project ? pathToUri(project.root) : undefined,
    projects: projects.map((entry) => ({ uri: pathToUri(entry.root), name: entry.name })),
    items: report.items.map((item) => ({
      id: item.id,
      tier: item.tier,
      title: item.title,
      criteria: item.criteria,
      status: item.status,
      detail: item.detail,
      snippet: item.snippet,
      evidence: item.evidence.map((evidence) => ({ uri: pathToUri(evidence.path), range: evidence.range, label: evidence.label })),
    })),
    byTier: report.byTier,
    delivery: deliveryStatus(report, findingsByRule({ files, index: sources.index, configs: sources.configs, host: sources.folderSettings }, targetTier)),
  };
}
