import * as path from 'path';
import { evaluateChecklist, CHECKLIST_ITEMS } from '../checklist';
import { DELIVERY_CHECKLIST } from '../checklist/delivery';
import { checklistWaivers, isChecklistDocument } from '../checklist/disk';
import type { ChecklistWorkspace } from '../checklist/item';
import { collectFiles, readTextIfExists, type ConfigCache } from '../engine/workspace/disk';
import { describeTierSource, resolveSettings, type HostSettings } from '../engine/lint/config';
import { lintFile } from '../engine/lint/lint';
import type { Tier } from '../engine/types';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ChecklistView } from '../protocol';
import { RULES } from '../rules';
import { pathToUri } from './uri';

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

/** The workspace's tier: a `.kubetier.yaml` at (or above) the first folder, then the setting, then 1. */
export function workspaceTier(sources: ChecklistSources): { tier: Tier; source: string } {
  const anchor = sources.folders[0] ? path.join(sources.folders[0], '.kubetier.yaml') : '.kubetier.yaml';
  const settings = resolveSettings('', sources.configs.forFile(anchor), sources.folderSettings);
  return { tier: settings.tier, source: describeTierSource(settings.tierSource) };
}

/** Findings per rule over every indexed file, at the workspace tier: the delivery tab's counts. */
export function findingCounts(sources: ChecklistSources, tier: Tier): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of sources.index.allFiles()) {
    const settings = resolveSettings(file.text, sources.configs.forFile(file.path), sources.folderSettings, tier);
    for (const finding of lintFile(file, { settings, index: sources.index, rules: RULES })) {
      counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
    }
  }
  return counts;
}

/** Computes the panel's view: items with evidence as URIs, progress per tier, and the section 19 lines. */
export function checklistView(sources: ChecklistSources, requestedTier?: Tier): ChecklistView {
  const workspace = workspaceTier(sources);
  const targetTier = requestedTier ?? workspace.tier;
  const otherFiles = collectFiles(sources.folders, sources.configs, isChecklistDocument).files;
  const waived = checklistWaivers([...[...sources.index.allFiles()].map((file) => file.path), ...otherFiles], sources.configs);
  const report = evaluateChecklist({ index: sources.index, otherFiles, readText: readTextIfExists, waived, sourceOf: sources.sourceOf }, targetTier);
  const counts = findingCounts(sources, targetTier);
  const statusOf = new Map(report.items.map((item) => [item.id, item]));
  return {
    targetTier,
    tierSource: requestedTier === undefined ? workspace.source : 'chosen in the panel',
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
    delivery: DELIVERY_CHECKLIST.map((line) => ({
      section: line.section,
      text: line.text,
      tier: line.tier,
      items: line.items.map((id) => ({
        id,
        title: CHECKLIST_ITEMS.find((item) => item.id === id)?.title ?? id,
        status: statusOf.get(id)?.status ?? 'missing',
      })),
      rules: line.rules.map((id) => ({ id, findings: counts.get(id) ?? 0 })),
    })),
  };
}
