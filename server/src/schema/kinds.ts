// What to say about an apiVersion+kind no schema describes: kubectl rejects a kind its group does not
// serve ("no matches for kind"), so a typo in a built-in kind or version is an error with a
// did-you-mean; a group nothing here knows is an operator's, whose CRD is simply not in the workspace.
import { closestName } from './errors';
import { versionRank, type BundledKind } from './store';
import type { Severity } from '../engine/types';

export interface KindDiagnosis {
  severity: Severity;
  message: string;
  advice: string;
  /** The apiVersion to switch to, when that alone fixes it (same kind under another version). */
  apiVersion?: string;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function newestFirst(kinds: BundledKind[]): BundledKind[] {
  return [...kinds].sort((a, b) => versionRank(b.apiVersion) - versionRank(a.apiVersion));
}

/** The kind named most like `kind` among `kinds` (case, a letter or two), newest apiVersion first. */
function closestKind(kind: string, kinds: BundledKind[]): BundledKind | undefined {
  const name = closestName(kind, [...new Set(kinds.map((entry) => entry.kind))]);
  return name === undefined ? undefined : newestFirst(kinds.filter((entry) => entry.kind === name))[0];
}

/** Bundled CRD schemas may lag or lead the operator a cluster runs: what they lack is only a warning. */
function severityFor(origin: BundledKind['origin']): Severity {
  return origin === 'crd' ? 'warning' : 'error';
}

const ADD_CRD = "Add its CustomResourceDefinition to the workspace to have it validated, or check the apiVersion if it is a typo.";

/**
 * Undefined when the kind is known (a schema describes it) or the apiVersion is a removed built-in one
 * (deprecated-api explains those). `known` holds every kind with a schema: Kubernetes', bundled CRDs'
 * and the workspace's CRDs'.
 */
export function diagnoseUnknownKind(apiVersion: string, kind: string, known: readonly BundledKind[]): KindDiagnosis | undefined {
  if (known.some((entry) => entry.apiVersion === apiVersion && entry.kind === kind)) return undefined;
  const group = groupOf(apiVersion);
  const inGroup = known.filter((entry) => groupOf(entry.apiVersion) === group);
  const builtIn = known.filter((entry) => entry.origin === 'kubernetes');
  if (inGroup.length === 0) {
    // A dotless group that is not Kubernetes' (app/v1, v2) is a typo when the kind is a built-in one.
    const served = newestFirst(builtIn.filter((entry) => entry.kind === kind))[0];
    if (served && !group.includes('.')) {
      return {
        severity: 'error',
        message: `${apiVersion} is not an API version Kubernetes serves; did you mean ${served.apiVersion}?`,
        advice: `Use apiVersion: ${served.apiVersion}.`,
        apiVersion: served.apiVersion,
      };
    }
    return { severity: 'info', message: `No schema known for ${apiVersion} ${kind}, so it is not validated`, advice: ADD_CRD };
  }
  const sameKind = newestFirst(inGroup.filter((entry) => entry.kind === kind));
  if (sameKind.length > 0) {
    const versions = [...new Set(sameKind.map((entry) => entry.apiVersion))];
    return {
      severity: severityFor(sameKind[0].origin),
      message: `${apiVersion} does not serve ${kind} (${versions.join(', ')} ${versions.length === 1 ? 'does' : 'do'}); did you mean ${versions[0]}?`,
      advice: `Use apiVersion: ${versions[0]}.`,
      apiVersion: versions[0],
    };
  }
  const inVersion = inGroup.filter((entry) => entry.apiVersion === apiVersion);
  const nearest = closestKind(kind, inVersion) ?? closestKind(kind, inGroup) ?? closestKind(kind, builtIn);
  const origin = inGroup[0].origin;
  if (!nearest) {
    // A bundled CRD group may have kinds its bundled schemas lack.
    if (origin === 'crd') return { severity: 'info', message: `No schema known for ${apiVersion} ${kind}, so it is not validated`, advice: ADD_CRD };
    return {
      severity: 'error',
      message: `${inVersion.length > 0 ? apiVersion : `API group ${group || 'core'}`} has no kind ${kind}, so the API server rejects it`,
      advice: 'Check the kind and apiVersion against `kubectl api-resources`.',
    };
  }
  const suggestion = nearest.apiVersion === apiVersion ? nearest.kind : `${nearest.apiVersion} ${nearest.kind}`;
  return {
    severity: severityFor(nearest.origin === 'kubernetes' ? origin : nearest.origin),
    message: `${inVersion.length > 0 ? apiVersion : `${apiVersion} is not served and ${group || 'core'}`} has no kind ${kind}; did you mean ${suggestion}?`,
    advice: nearest.apiVersion === apiVersion ? `Use kind: ${nearest.kind}.` : `Use apiVersion: ${nearest.apiVersion} and kind: ${nearest.kind}.`,
    ...(nearest.kind === kind ? { apiVersion: nearest.apiVersion } : {}),
  };
}
