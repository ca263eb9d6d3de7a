import { asArray, asMap, containers, describeObject, isWorkload } from '../engine/kube';
import { defineRule } from '../engine/rule';
import { isLiteralValue, isSensitiveName } from '../engine/sensitive';

/** The Secret a converted variable reads from: one per workload. */
function secretNameFor(workload: string | undefined): string {
  return `${workload ?? 'app'}-secrets`;
}

export default defineRule({
  id: 'env-literal-secret',
  title: 'Secret environment variables come from Secrets',
  category: 'secrets',
  tiers: { 1: 'warning' },
  rationale: 'A password written as an env value sits in clear text in the manifest, in Git and in `kubectl get -o yaml` output.',
  remediation: 'Store the value in a Secret and read it with valueFrom.secretKeyRef.',
  appliesTo: isWorkload,
  check({ object, report }) {
    for (const container of containers(object)) {
      asArray(container.value.env).forEach((entry, i) => {
        const variable = asMap(entry);
        if (!variable || typeof variable.name !== 'string' || !isSensitiveName(variable.name)) return;
        if (!isLiteralValue(variable.value)) return;
        report({
          path: [...container.path, 'env', i, 'value'],
          message: `${describeObject(object)}: container "${container.name}" sets ${variable.name} to a literal value. Put it in a Secret and use valueFrom.secretKeyRef.`,
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
