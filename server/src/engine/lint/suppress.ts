import type { KubeObject, ParsedFile } from '../yaml/model';
import type { NodePath, Range } from '../types';

/** A `# kubetier-disable-next-line` comment or a `# kubetier-disable` ... `# kubetier-enable` block. */
export interface CommentSuppression {
  ruleIds: string[];
  /** Range of the directive comment, where an unused directive is reported. */
  range: Range;
  firstLine: number;
  lastLine: number;
  used: Set<string>;
}

/** A per-object exemption from an annotation (ours or a peer linter's). */
export interface AnnotationSuppression {
  ruleId: string;
  annotation: string;
  /** Only kubetier's own annotation is reported when unused; peers' serve their tools too. */
  own: boolean;
  path: NodePath;
}

export const IGNORE_ANNOTATION = 'kubetier.io/ignore';

/**
 * Peers' check names mapped to ours, so `ignore-check.kube-linter.io/<check>`
 * and `polaris.fairwinds.com/<check>-exempt: "true"` keep working after a migration.
 */
export const PEER_CHECKS: { kubeLinter: Record<string, string[]>; polaris: Record<string, string[]> } = {
  kubeLinter: {
    'privileged-container': ['privileged'],
    'run-as-non-root': ['run-as-non-root'],
    'privilege-escalation-container': ['privilege-escalation'],
    'no-read-only-root-fs': ['read-only-root-fs'],
    'drop-net-raw-capability': ['capabilities-drop-all'],
    'host-network': ['host-namespaces'],
    'host-pid': ['host-namespaces'],
    'host-ipc': ['host-namespaces'],
    'sensitive-host-mounts': ['host-path'],
    'writable-host-mount': ['host-path'],
    'docker-sock': ['host-path'],
    'latest-tag': ['image-tag-latest'],
    'unset-cpu-requirements': ['resource-requests', 'resource-limits'],
    'unset-memory-requirements': ['resource-requests', 'resource-limits'],
    'no-liveness-probe': ['liveness-probe'],
    'no-readiness-probe': ['readiness-probe'],
    'mismatching-selector': ['selector-mismatch'],
    'minimum-three-replicas': ['replicas-minimum'],
    'no-anti-affinity': ['topology-spread'],
    'default-service-account': ['default-service-account'],
    'use-namespace': ['default-namespace'],
    'env-var-secret': ['env-literal-secret'],
    'cluster-admin-role-binding': ['cluster-admin-binding'],
    'wildcard-in-rules': ['rbac-wildcard'],
    'exposed-services': ['service-exposure'],
    'dangling-service': ['service-selector-orphan'],
    'dangling-ingress': ['ingress-backend-missing'],
    'dangling-horizontalpodautoscaler': ['hpa-target-missing'],
    'dangling-networkpolicy': ['netpol-selects-nothing'],
    'pdb-max-unavailable': ['pdb-blocks-eviction'],
    'pdb-min-available': ['pdb-blocks-eviction'],
    'liveness-port': ['probe-port-unknown'],
    'readiness-port': ['probe-port-unknown'],
    'startup-port': ['probe-port-unknown'],
    'unsafe-proc-mount': ['proc-mount'],
    'unsafe-sysctls': ['unsafe-sysctls'],
    'invalid-target-ports': ['port-invalid'],
    'non-existent-service-account': ['service-account-missing'],
    'duplicate-env-var': ['duplicate-env-var'],
    'job-ttl-seconds-after-finished': ['job-ttl-after-finished'],
    'hpa-minimum-three-replicas': ['hpa-min-replicas'],
    'access-to-secrets': ['rbac-sensitive-access'],
    'access-to-create-pods': ['rbac-sensitive-access'],
    'dangling-servicemonitor': ['monitor-selects-nothing'],
  },
  polaris: {
    runAsPrivileged: ['privileged'],
    runAsRootAllowed: ['run-as-non-root'],
    privilegeEscalationAllowed: ['privilege-escalation'],
    notReadOnlyRootFilesystem: ['read-only-root-fs'],
    dangerousCapabilities: ['dangerous-capabilities'],
    insecureCapabilities: ['capabilities-drop-all'],
    hostIPCSet: ['host-namespaces'],
    hostPIDSet: ['host-namespaces'],
    hostNetworkSet: ['host-namespaces'],
    hostPathSet: ['host-path'],
    hostPortSet: ['host-port'],
    tagNotSpecified: ['image-tag-latest'],
    cpuRequestsMissing: ['resource-requests'],
    memoryRequestsMissing: ['resource-requests'],
    cpuLimitsMissing: ['resource-limits'],
    memoryLimitsMissing: ['resource-limits'],
    livenessProbeMissing: ['liveness-probe'],
    readinessProbeMissing: ['readiness-probe'],
    deploymentMissingReplicas: ['replicas-minimum'],
    missingPodDisruptionBudget: ['pdb-missing'],
    pdbDisruptionsIsZero: ['pdb-blocks-eviction'],
    topologySpreadConstraint: ['topology-spread'],
    missingNetworkPolicy: ['namespace-default-deny'],
    sensitiveConfigmapContent: ['secret-in-configmap'],
    sensitiveContainerEnvVar: ['env-literal-secret'],
    tlsSettingsMissing: ['ingress-tls'],
    clusterrolebindingClusterAdmin: ['cluster-admin-binding'],
    rolebindingClusterAdminClusterRole: ['cluster-admin-binding'],
    linuxHardening: ['seccomp-profile'],
    procMount: ['proc-mount'],
    automountServiceAccountToken: ['automount-service-account-token'],
    hpaMinAvailability: ['hpa-min-replicas'],
    clusterrolePodExecAttach: ['rbac-sensitive-access'],
    rolePodExecAttach: ['rbac-sensitive-access'],
  },
};

const DIRECTIVE = /#\s*kubetier-(disable-next-line|disable|enable)\b([^#\n]*)/;

function parseIds(text: string): string[] {
  const withoutReason = text.split(/\s--\s?|^--/)[0];
  return withoutReason
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

/** Finds the suppression comments of a file. A block without `enable` runs to the end of the file. */
export function parseCommentSuppressions(file: ParsedFile): CommentSuppression[] {
  if (!file.text.includes('kubetier-')) return [];
  const suppressions: CommentSuppression[] = [];
  const open = new Map<string, CommentSuppression>();
  const lastLine = file.lines.lineCount - 1;
  for (let line = 0; line <= lastLine; line++) {
    const text = file.lines.lineText(line);
    if (!text.includes('kubetier-')) continue;
    const match = DIRECTIVE.exec(text);
    if (!match || !/(^|\s)#/.test(text.slice(0, match.index + 1))) continue;
    const [, kind, rest] = match;
    const ids = parseIds(rest);
    const start = match.index;
    const range: Range = { start: { line, character: start }, end: { line, character: text.length } };
    if (kind === 'disable-next-line') {
      suppressions.push({ ruleIds: ids, range, firstLine: line + 1, lastLine: line + 1, used: new Set() });
    } else if (kind === 'disable') {
      const block: CommentSuppression = { ruleIds: ids, range, firstLine: line + 1, lastLine, used: new Set() };
      suppressions.push(block);
      for (const id of ids) open.set(id, block);
    } else {
      for (const id of ids) {
        const block = open.get(id);
        if (block) {
          block.lastLine = line;
          open.delete(id);
        }
      }
    }
  }
  return suppressions;
}

function annotationsOf(object: KubeObject): Record<string, unknown> {
  const metadata = object.value.metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const annotations = (metadata as Record<string, unknown>).annotations;
  return typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : {};
}

const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const POLARIS_EXEMPT = /^polaris\.fairwinds\.com\/(.+)-exempt$/;

/** The rules an object exempts itself from, through kubetier's, kube-linter's or Polaris's annotations. */
export function annotationSuppressions(object: KubeObject): AnnotationSuppression[] {
  const result: AnnotationSuppression[] = [];
  for (const [key, value] of Object.entries(annotationsOf(object))) {
    const path = ['metadata', 'annotations', key];
    if (key === IGNORE_ANNOTATION && typeof value === 'string') {
      for (const ruleId of parseIds(value)) result.push({ ruleId, annotation: key, own: true, path });
    } else if (key.startsWith(KUBE_LINTER_PREFIX)) {
      for (const ruleId of PEER_CHECKS.kubeLinter[key.slice(KUBE_LINTER_PREFIX.length)] ?? []) {
        result.push({ ruleId, annotation: key, own: false, path });
      }
    } else {
      const polaris = POLARIS_EXEMPT.exec(key);
      if (polaris && String(value) === 'true') {
        for (const ruleId of PEER_CHECKS.polaris[polaris[1]] ?? []) {
          result.push({ ruleId, annotation: key, own: false, path });
        }
      }
    }
  }
  return result;
}
