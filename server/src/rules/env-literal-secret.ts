import { asArray, asMap, containers } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { isLiteralValue, isSensitiveName, secretValueKind } from '../engine/kube/sensitive';

/** The Secret a converted variable reads from: one per workload. */
function secretNameFor(workload: string | undefined): string {
  return `${workload ?? 'app'}-secrets`;
}

export default defineRule({
  id: 'env-literal-secret',
  title: 'Secret environment variables come from Secrets',
  category: 'secrets',
  tiers: { 1: 'warning' },
  rationale: 'A password, token or private key written as an env value (found by the variable name or by the shape of the value) sits in clear text in the manifest, in Git and in `kubectl get -o yaml` output.',
  remediation: 'Store the value in a Secret and read it with valueFrom.secretKeyRef.',
  appliesTo: 'pod-bearing',
  check({ object, report }) {
    for (const container of containers(object)) {
      asArray(container.value.env).forEach((entry, i) => {
        const variable = asMap(entry);
        if (!variable || typeof variable.name !== 'string' || !isLiteralValue(variable.value)) return;
        const valueKind = secretValueKind(variable.value);
        if (!valueKind && !isSensitiveName(variable.name)) return;
        const what = valueKind ? `a literal value that looks like ${valueKind}` : 'a literal value';
        report({
          path: [...container.path, 'env', i, 'value'],
          message: `${variable.name} is set to ${what}`,
          advice: 'Put it in a Secret and use valueFrom.secretKeyRef.',
          container: container.name,
          data: { envPath: [...container.path, 'env', i], variable: variable.name },
        });
      });
    }
  },
  fix: {
    title: (data) => `Read ${String(data.variable ?? 'the variable')} from a Secret (secretKeyRef)`,
    // The literal leaves the manifest and the Secret must be created by hand: a decision, not a safe edit.
    safe: false,
    operations: (object, data) => {
      const envPath = data.envPath as (string | number)[];
      return [
        { op: 'remove', path: [...envPath, 'value'] },
        { op: 'set', path: [...envPath, 'valueFrom'], value: { secretKeyRef: { name: secretNameFor(object.name), key: String(data.variable) } } },
      ];
    },
  },
});
