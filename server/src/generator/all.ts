// The bundle registry: one line per part, in the order their files appear (a part's objects join a file
// an earlier part started). Application objects first, then platform objects, platform chart values,
// GitOps definitions and the operator.
import t1Application from './parts/t1-application';
import t1Compliance from './parts/t1-compliance';
import t1Namespaces from './parts/t1-namespaces';
import t2Guardrails from './parts/t2-guardrails';
import t2Production from './parts/t2-production';
import t3Argocd from './parts/t3-argocd';
import t3Flux from './parts/t3-flux';
import t3GatewayAndSlo from './parts/t3-gateway-and-slo';
import t3PlatformValues from './parts/t3-platform-values';
import t2PolicyAndBackup from './parts/t2-policy-and-backup';
import t3VerificationAndAudit from './parts/t3-verification-and-audit';
import t4Mesh from './parts/t4-mesh';
import t4MultiClusterPlatform from './parts/t4-multi-cluster-platform';
import t4ProgressiveDelivery from './parts/t4-progressive-delivery';
import t5HyperscalePlatform from './parts/t5-hyperscale-platform';
import t5Operator from './parts/t5-operator';
import type { BundlePart } from './part';

export const BUNDLE_PARTS: readonly BundlePart[] = [
  t1Application,
  t2Production,
  t3GatewayAndSlo,
  t4ProgressiveDelivery,
  t4Mesh,
  t1Namespaces,
  t2Guardrails,
  t2PolicyAndBackup,
  t3VerificationAndAudit,
  t4MultiClusterPlatform,
  t5HyperscalePlatform,
  t1Compliance,
  t3PlatformValues,
  t3Argocd,
  t3Flux,
  t5Operator,
];
