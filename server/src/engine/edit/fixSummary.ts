// Fix all in two steps: the safe fixes, then what is left that needs a decision (fixes that change
// behaviour or create objects: a PodDisruptionBudget, an HPA). The summary says both numbers.
import { fixAllText, type FixAllOptions, type FixAllResult } from './fix';

export interface FixAllPlan {
  /** The safe fixes applied. */
  safe: FixAllResult;
  /** From the safe result: every fix left (the ones waiting for a decision). */
  decisions: FixAllResult;
}

function total(fixed: ReadonlyMap<string, number>): number {
  return [...fixed.values()].reduce((sum, count) => sum + count, 0);
}

/** The safe fixes of a file, and what the remaining fixes would do on top of them. */
export function planFixAll(path: string, text: string, options: Omit<FixAllOptions, 'accept'>): FixAllPlan {
  const safe = fixAllText(path, text, options);
  const decisions = fixAllText(path, safe.text, { ...options, accept: () => true });
  return { safe, decisions };
}

/** "applied 4 fixes; 6 need a decision (hpa-missing, pdb-missing x2)". */
export function describeFixAll(plan: FixAllPlan): string {
  const applied = total(plan.safe.fixed);
  const left = total(plan.decisions.fixed);
  const rules = [...plan.decisions.fixed.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, count]) => `${id}${count > 1 ? ` x${count}` : ''}`)
    .join(', ');
  const appliedText = `applied ${applied} fix${applied === 1 ? '' : 'es'}`;
  return left === 0 ? `${appliedText}; none left` : `${appliedText}; ${left} need${left === 1 ? 's' : ''} a decision (${rules})`;
}
