// --compliance soc2|hipaa|pci|fedramp: the framework's controls mapped to the checklist items that give
// evidence for them (compliance/<framework>.md), and the Kyverno policies the framework adds over the
// tier's own, enforced on the app's namespaces. Every policy is one the generated workloads already pass.
import type { Manifest } from '../../builders';
import { appNamespaces } from '../application';
import type { BundleOptions, Compliance } from '../options';
import { definePart, platformObject, type BundleEntry } from '../part';

type Framework = Exclude<Compliance, 'none'>;

interface Control {
  id: string;
  title: string;
  /** Checklist item ids (their tier is the id's prefix). */
  items: string[];
}

const FRAMEWORK_NAMES: Record<Framework, string> = {
  soc2: 'SOC 2 (AICPA Trust Services Criteria)',
  hipaa: 'HIPAA Security Rule (45 CFR 164)',
  pci: 'PCI DSS 4.0',
  fedramp: 'FedRAMP Moderate (NIST SP 800-53 rev. 5)',
};

const CONTROLS: Record<Framework, Control[]> = {
  soc2: [
    { id: 'CC6.1', title: 'Logical access is restricted', items: ['t2-rbac', 't4-oidc-rbac'] },
    { id: 'CC6.6', title: 'Boundaries protect the system', items: ['t2-netpol-default-deny', 't2-ingress-tls'] },
    { id: 'CC6.7', title: 'Data in transit is protected', items: ['t2-ingress-tls', 't4-service-mesh'] },
    { id: 'CC6.8', title: 'Unauthorised software is prevented', items: ['t2-policy-engine', 't3-image-verification'] },
    { id: 'CC7.2', title: 'The system is monitored for anomalies', items: ['t2-servicemonitor', 't3-prometheus-rule', 't3-audit-policy'] },
    { id: 'CC8.1', title: 'Changes are authorised and tracked', items: ['t3-argocd', 't3-app-of-apps'] },
    { id: 'A1.2', title: 'Backups and recovery infrastructure', items: ['t2-velero', 't4-velero-cross-region'] },
  ],
  hipaa: [
    { id: '164.312(a)(1)', title: 'Access control', items: ['t2-rbac', 't2-pod-security'] },
    { id: '164.312(a)(2)(iv)', title: 'Encryption of ePHI credentials', items: ['t2-sealed-secret', 't3-external-secrets'] },
    { id: '164.312(b)', title: 'Audit controls', items: ['t3-audit-policy', 't3-loki'] },
    { id: '164.312(c)(1)', title: 'Integrity', items: ['t2-policy-engine', 't3-image-verification'] },
    { id: '164.312(e)(1)', title: 'Transmission security', items: ['t2-ingress-tls', 't4-service-mesh'] },
    { id: '164.308(a)(7)', title: 'Contingency plan (backup, disaster recovery)', items: ['t2-velero', 't4-velero-cross-region', 't4-dns-failover'] },
  ],
  pci: [
    { id: 'Req. 1', title: 'Network security controls', items: ['t2-netpol-default-deny', 't3-cilium-l7'] },
    { id: 'Req. 2', title: 'Secure configurations', items: ['t2-pod-security', 't2-policy-engine'] },
    { id: 'Req. 3', title: 'Protect stored account data (keys and secrets)', items: ['t2-sealed-secret', 't3-external-secrets'] },
    { id: 'Req. 4', title: 'Strong cryptography in transit', items: ['t2-ingress-tls', 't4-service-mesh'] },
    { id: 'Req. 6', title: 'Secure systems and software', items: ['t3-image-verification', 't5-slsa-admission'] },
    { id: 'Req. 7', title: 'Access restricted by need to know', items: ['t2-rbac', 't4-oidc-rbac'] },
    { id: 'Req. 10', title: 'Log and monitor all access', items: ['t3-audit-policy', 't3-loki'] },
    { id: 'Req. 12.10', title: 'Incident response and recovery', items: ['t2-velero', 't4-velero-cross-region'] },
  ],
  fedramp: [
    { id: 'AC-2, AC-6', title: 'Account management, least privilege', items: ['t2-rbac', 't4-oidc-rbac'] },
    { id: 'AU-2, AU-12', title: 'Event logging, audit record generation', items: ['t3-audit-policy', 't3-loki'] },
    { id: 'CM-2, CM-3', title: 'Baseline configuration, change control', items: ['t3-argocd', 't3-app-of-apps'] },
    { id: 'CM-7', title: 'Least functionality', items: ['t2-pod-security', 't2-policy-engine'] },
    { id: 'CP-9, CP-10', title: 'System backup, recovery', items: ['t2-velero', 't4-velero-cross-region'] },
    { id: 'SC-7', title: 'Boundary protection', items: ['t2-netpol-default-deny', 't3-cilium-l7'] },
    { id: 'SC-8', title: 'Transmission confidentiality', items: ['t2-ingress-tls', 't4-service-mesh'] },
    { id: 'SC-28', title: 'Protection of information at rest (secrets)', items: ['t3-external-secrets'] },
    { id: 'SI-7', title: 'Software integrity', items: ['t3-image-verification', 't5-slsa-admission'] },
  ],
};

/** Kyverno's best-practice pod rules (kyverno/policies), each a validate pattern. */
const POD_RULES: Record<string, { message: string; pattern: Manifest }> = {
  'disallow-host-namespaces': { message: 'Sharing the host namespaces is not allowed.', pattern: { spec: { '=(hostNetwork)': false, '=(hostIPC)': false, '=(hostPID)': false } } },
  'disallow-host-path': { message: 'hostPath volumes are not allowed.', pattern: { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } } },
  'require-ro-rootfs': { message: 'Root filesystems must be read-only.', pattern: { spec: { containers: [{ securityContext: { readOnlyRootFilesystem: true } }] } } },
  'disallow-privilege-escalation': { message: 'Privilege escalation is not allowed.', pattern: { spec: { containers: [{ securityContext: { allowPrivilegeEscalation: false } }] } } },
  'restrict-seccomp': { message: 'Pods must use the RuntimeDefault or a Localhost seccomp profile.', pattern: { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault | Localhost' } } } } },
};

const FRAMEWORK_RULES: Record<Framework, string[]> = {
  soc2: ['disallow-host-namespaces', 'require-ro-rootfs'],
  hipaa: ['disallow-host-namespaces', 'disallow-host-path', 'require-ro-rootfs'],
  pci: ['disallow-host-namespaces', 'disallow-host-path', 'disallow-privilege-escalation', 'restrict-seccomp'],
  fedramp: Object.keys(POD_RULES),
};

function compliancePolicy(options: BundleOptions, framework: Framework): Manifest {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: `${framework}-pod-controls`, annotations: { 'policies.kyverno.io/title': `${FRAMEWORK_NAMES[framework]} pod controls` } },
    spec: {
      validationFailureAction: 'Enforce',
      background: true,
      rules: FRAMEWORK_RULES[framework].map((name) => ({
        name,
        match: { any: [{ resources: { kinds: ['Pod'], namespaces: appNamespaces(options) } }] },
        validate: { message: POD_RULES[name].message, pattern: POD_RULES[name].pattern },
      })),
    },
  };
}

/** The control map: each control, the checklist items that evidence it, and whether this bundle's tier includes them. */
function controlMap(options: BundleOptions, framework: Framework): string {
  const tierOf = (item: string) => Number(item.slice(1, item.indexOf('-')));
  const rows = CONTROLS[framework].map((control) => {
    const items = control.items.map((item) => (tierOf(item) <= options.tier ? `\`${item}\`` : `\`${item}\` (from tier ${tierOf(item)}: not in this tier-${options.tier} bundle)`));
    return `| ${control.id} | ${control.title} | ${items.join(', ')} |`;
  });
  return [
    `# ${FRAMEWORK_NAMES[framework]}: controls and evidence`,
    '',
    `Each control lists the kubetier checklist items whose objects give evidence for it. \`kubetier checklist . --tier ${options.tier}\` shows each item's status and files.`,
    `\`platform/compliance-policies.yaml\` enforces the framework's pod controls (${FRAMEWORK_RULES[framework].join(', ')}) in the app's namespaces.`,
    'Evidence in manifests is not an audit: the controls also need processes (reviews, incident response, access reviews) outside the cluster.',
    '',
    '| control | what it asks | checklist items |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export default definePart({
  id: 't1-compliance',
  tier: 1,
  entries: (options): BundleEntry[] => {
    const framework = options.compliance;
    if (!framework || framework === 'none') return [];
    return [platformObject('compliance-policies.yaml', compliancePolicy(options, framework)), { area: 'file', file: `compliance/${framework}.md`, content: controlMap(options, framework) }];
  },
});
