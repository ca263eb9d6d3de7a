import { TIERS, type Tier } from '../engine/types';
import * as registry from './all';
import type { ChecklistItem, ChecklistStatus, ChecklistWorkspace, Evidence } from './item';

/** Every checklist item of tiers.md, by tier (a module namespace lists its exports alphabetically, not in file order). */
export const CHECKLIST_ITEMS: readonly ChecklistItem[] = Object.values(registry).sort((a, b) => a.tier - b.tier);

export interface ItemReport {
  id: string;
  tier: Tier;
  title: string;
  criteria: string;
  snippet?: string;
  status: ChecklistStatus;
  detail?: string;
  evidence: Evidence[];
}

export interface TierProgress {
  done: number;
  missing: number;
  notApplicable: number;
  /** Done items over applicable items, 0-100 (100 when nothing applies). */
  percent: number;
}

export interface ChecklistReport {
  targetTier: Tier;
  items: ItemReport[];
  byTier: Record<Tier, TierProgress>;
}

/**
 * Runs one detector; a detector that throws reports the item as missing with the reason, never throws. An
 * item the workspace waives and does not meet is not applicable, and says why.
 */
export function runItem(item: ChecklistItem, workspace: ChecklistWorkspace): ItemReport {
  const base = { id: item.id, tier: item.tier, title: item.title, criteria: item.criteria, snippet: item.snippet };
  try {
    const result = item.detect(workspace);
    const evidence = workspace.sourceOf ? result.evidence.map((entry) => ({ ...entry, ...workspace.sourceOf!(entry.path, entry.range) })) : result.evidence;
    const waiver = result.status === 'missing' ? workspace.waived?.get(item.id) : undefined;
    if (waiver !== undefined) return { ...base, status: 'not-applicable', detail: `Waived: ${waiver}`, evidence };
    return { ...base, status: result.status, detail: result.detail, evidence };
  } catch (error) {
    return { ...base, status: 'missing', detail: `kubetier internal error in this detector: ${(error as Error).message}`, evidence: [] };
  }
}

export function progressOf(items: readonly ItemReport[]): TierProgress {
  const count = (status: ChecklistStatus) => items.filter((item) => item.status === status).length;
  const done = count('done');
  const missing = count('missing');
  return { done, missing, notApplicable: count('not-applicable'), percent: done + missing === 0 ? 100 : Math.round((done / (done + missing)) * 100) };
}

/** Evaluates every item of every tier (the panel previews the next tier; the CLI gates on the target). */
export function evaluateChecklist(workspace: ChecklistWorkspace, targetTier: Tier, items: readonly ChecklistItem[] = CHECKLIST_ITEMS): ChecklistReport {
  const reports = items.map((item) => runItem(item, workspace));
  const byTier = Object.fromEntries(TIERS.map((tier) => [tier, progressOf(reports.filter((report) => report.tier === tier))])) as Record<Tier, TierProgress>;
  return { targetTier, items: reports, byTier };
}

/** Items of the target tier and below that are missing: what blocks the tier. */
export function missingForTier(report: ChecklistReport): ItemReport[] {
  return report.items.filter((item) => item.tier <= report.targetTier && item.status === 'missing');
}
