import { asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { isLiteralValue, isSensitiveName, secretValueKind } from '../engine/kube/sensitive';

export default defineRule({
  id: 'secret-in-configmap',
  title: 'No secrets in ConfigMaps',
  category: 'secrets',
  tiers: { 1: 'warning' },
  rationale:
    'ConfigMaps are not access-controlled like Secrets, are printed by kubectl describe and land in logs and Git in clear text; credentials in them leak.',
  remediation: 'Move the value to a Secret (a SealedSecret or ExternalSecret at higher tiers) and reference it from the workload.',
  appliesTo: (object) => object.kind === 'ConfigMap' && object.group === '',
  check({ object, report }) {
    const data = asMap(object.value.data) ?? {};
    for (const [key, value] of Object.entries(data)) {
      if (!isLiteralValue(value)) continue;
      const kind = secretValueKind(value);
      if (kind) {
        report({
          path: ['data', key],
          message: `The value of "${key}" looks like ${kind}`,
          advice: 'Keep it in a Secret instead.',
        });
      } else if (isSensitiveName(key) && !value.includes('\n')) {
        report({
          path: ['data', key],
          at: 'key',
          message: `"${key}" looks like a credential stored in clear text`,
          advice: 'Keep it in a Secret and reference it with secretKeyRef.',
        });
      }
    }
  },
});
