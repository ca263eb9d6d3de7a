import { asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'plaintext-secret',
  title: 'Secrets are not committed in plain text',
  category: 'secrets',
  tiers: { 1: 'info', 2: 'warning' },
  severityNote: 'the advice follows the tier: SealedSecret at tier 2, ExternalSecret with Vault from tier 3',
  rationale:
    'A Secret manifest holds its values base64-encoded, not encrypted: anyone who can read the repository can read them.',
  remediation:
    'Commit a SealedSecret (tier 2) or an ExternalSecret backed by Vault (tier 3+) instead, and keep the plain Secret out of version control.',
  appliesTo: (object) => object.kind === 'Secret' && object.group === '',
  check({ object, tier, report }) {
    const field = ['stringData', 'data'].find((key) => Object.keys(asMap(object.value[key]) ?? {}).length > 0);
    if (!field) return;
    const advice =
      tier >= 3
        ? 'At tier 3 (Enterprise) use an ExternalSecret backed by Vault.'
        : tier === 2
          ? 'At tier 2 (Production) commit a SealedSecret instead.'
          : 'Fine for tier 1 (Foundation); tier 2 asks for a SealedSecret.';
    report({
      path: [field],
      message: `Values in ${field} are readable by anyone with the manifest`,
      advice,
    });
  },
});
