// Small manifests shared by protocol and CLI tests. `privileged` is the catalog's example of a rule whose
// severity depends on the tier (T1 warning, T2+ error), so tests derive their expectations from its table.
import { tierSeverity } from '../../server/src/engine/lint/rule';
import type { Severity, Tier } from '../../server/src/engine/types';
import { RULES_BY_ID } from '../../server/src/rules';

/**
 * A Deployment whose only container runs privileged; `privileged: true` is on line 16 (0-based 15),
 * one more for each of modeline, namespace and replicas when given.
 */
export function privilegedDeployment(options: { modeline?: string; name?: string; namespace?: string; replicas?: number } = {}): string {
  return `${options.modeline ? `${options.modeline}\n` : ''}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name ?? 'web'}
${options.namespace ? `  namespace: ${options.namespace}\n` : ''}spec:
${options.replicas !== undefined ? `  replicas: ${options.replicas}\n` : ''}  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
`;
}

/** 0-based line of `privileged: true` in privilegedDeployment() (one more with a modeline). */
export const PRIVILEGED_LINE = 15;

/** The severity the registry gives `privileged` at a tier. */
export function privilegedSeverityAt(tier: Tier): Severity {
  const severity = tierSeverity(RULES_BY_ID.get('privileged')!.tiers, tier);
  if (severity === 'off') throw new Error(`privileged is off at tier ${tier}; pick another rule for this test`);
  return severity;
}

/** LSP DiagnosticSeverity numbers. */
export const LSP_SEVERITY: Record<Severity, number> = { error: 1, warning: 2, info: 3, hint: 4 };
