import { atLeast, deprecationOf, type Replacement } from '../engine/kube/deprecations';
import { defineRule } from '../engine/lint/rule';

/** The first replacement the target version serves (else the first listed, for the message). */
function replacementAt(replacements: readonly Replacement[], version: string): Replacement | undefined {
  return replacements.find((replacement) => atLeast(version, replacement.since)) ?? replacements[0];
}

export default defineRule({
  id: 'deprecated-api',
  title: 'Objects use API versions the target Kubernetes version serves',
  category: 'validity',
  tiers: { 1: 'warning' },
  severityNote:
    'Error when the target Kubernetes version (kubernetesVersion setting, `k8s=` modeline, default 1.31) no longer serves the apiVersion; warning when it is deprecated but still served.',
  rationale:
    'An apiVersion the cluster no longer serves is rejected at apply time (`no matches for kind`), typically right after a cluster upgrade; a deprecated one works until that upgrade comes.',
  remediation:
    'Move to the replacement apiVersion the message names; where the fields are unchanged the quick fix only replaces apiVersion, otherwise follow the Kubernetes deprecated API migration guide for the field changes.',
  skipPatches: true,
  check({ object, settings, report }) {
    const entry = deprecationOf(object);
    const version = settings.kubernetesVersion;
    if (!entry || !atLeast(version, entry.deprecatedIn)) return;
    const removed = entry.removedIn !== undefined && atLeast(version, entry.removedIn);
    const replacement = replacementAt(entry.replacements, version);
    const target = replacement ? `${replacement.apiVersion}${replacement.kind ? ` ${replacement.kind}` : ''}` : undefined;
    const blockedBy = entry.fixBlockedBy?.(object);
    const fixable = entry.sameShape && replacement !== undefined && replacement.kind === undefined && atLeast(version, replacement.since) && !blockedBy;
    const status = removed
      ? `is no longer served from Kubernetes ${entry.removedIn} (target ${version}), so applying it fails`
      : `is deprecated since Kubernetes ${entry.deprecatedIn}${entry.removedIn ? ` and removed in ${entry.removedIn}` : ''}`;
    const note = entry.note ? ` (${entry.note})` : '';
    const advice = !target
      ? 'It has no replacement API: remove it (PodSecurityPolicy: use Pod Security Admission namespace labels).'
      : fixable
        ? `Use apiVersion: ${target}; the fields are unchanged.`
        : `Move to ${target}${blockedBy ? `, but check the manifest first: ${blockedBy}` : ', adapting the fields that changed'}.`;
    report({
      path: ['apiVersion'],
      severity: removed ? 'error' : 'warning',
      message: `${object.apiVersion} ${object.kind} ${status}${note}`,
      advice,
      data: fixable ? { apiVersion: replacement!.apiVersion } : {},
    });
  },
  fix: {
    title: (data) => (typeof data.apiVersion === 'string' ? `Set apiVersion to ${data.apiVersion}` : 'Replace the apiVersion (where the fields are unchanged)'),
    // Only offered where the replacement takes the same fields: the object means the same thing.
    safe: true,
    operations: (_object, data) => (typeof data.apiVersion === 'string' ? [{ op: 'set', path: ['apiVersion'], value: data.apiVersion }] : []),
  },
});
