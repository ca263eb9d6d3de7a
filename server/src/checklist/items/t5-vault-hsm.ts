import { defineChecklistItem, done, missing, objectEvidence, someString, valuesWhere } from '../item';

/** An HCL seal stanza backed by an HSM: PKCS#11 or a cloud key service. */
const HSM_SEAL = /seal\s+"(pkcs11|awskms|gcpckms|azurekeyvault|ocikms)"/;

export default defineChecklistItem({
  id: 't5-vault-hsm',
  tier: 5,
  title: 'Multi-tenant Vault with HSM',
  criteria: 'Vault configuration (Helm values or a ConfigMap) with a `seal "pkcs11"` or cloud HSM/KMS seal stanza.',
  detect(workspace) {
    const evidence = [
      ...valuesWhere(workspace, 'Vault HSM seal', (values) => someString(values, HSM_SEAL)),
      ...[...workspace.index.objects()].filter((object) => object.kind === 'ConfigMap' && someString(object.value.data, HSM_SEAL)).map(objectEvidence),
    ];
    return evidence.length > 0 ? done(evidence) : missing('No Vault seal backed by an HSM found.');
  },
});
