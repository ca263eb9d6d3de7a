// Tier 3 platform objects the seed's section 19 asks for from tier 3: image signatures verified at
// admission (Kyverno verifyImages, keyless cosign from the release workflow) and the API server's audit policy.
import { type Manifest } from '../../builders';
import { appNamespaces, releaseRegistry } from '../application';
import type { BundleOptions } from '../options';
import { definePart, platformObject } from '../part';

/**
 * Verifies the signatures of the images released to the team's registry. The public base image the
 * bundle starts from is not signed by the team: the README says to release the app to that registry.
 */
function imageVerification(options: BundleOptions): Manifest {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'verify-image-signatures' },
    spec: {
      validationFailureAction: 'Enforce',
      webhookTimeoutSeconds: 30,
      rules: [
        {
          name: 'verify-cosign-signature',
          match: { any: [{ resources: { kinds: ['Pod'], namespaces: appNamespaces(options) } }] },
          verifyImages: [
            {
              imageReferences: [`${releaseRegistry(options)}/*`],
              verifyDigest: true,
              attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: `https://github.com/example/${options.name}/*` } }] }],
            },
          ],
        },
      ],
    },
  };
}

/** Who did what: metadata for everything (secret values never reach the log), request bodies for changes and exec. */
const AUDIT_POLICY: Manifest = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [
    { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps'] }] },
    { level: 'RequestResponse', resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }] },
    { level: 'RequestResponse', resources: [{ group: '', resources: ['pods/exec', 'pods/portforward'] }] },
    { level: 'Request', verbs: ['create', 'update', 'patch', 'delete'] },
    { level: 'Metadata' },
  ],
};

export default definePart({
  id: 't3-verification-and-audit',
  tier: 3,
  entries: (options) => [platformObject('policies.yaml', imageVerification(options)), platformObject('audit-policy.yaml', AUDIT_POLICY)],
});
