// Custom messages between the kubetier client and server. Shared by both sides; no vscode import.
import type { Tier } from './engine/types';

/** Client -> server request: the tier that applies to a document and where it came from. */
export const TIER_INFO_REQUEST = 'kubetier/tierInfo';

export interface TierInfoParams {
  uri: string;
}

export interface TierInfo {
  tier: Tier;
  /** Human-readable origin: "modeline (line 1)", a .kubetier.yaml path, "kubetier.tier setting" or "default". */
  source: string;
  kubernetesVersion: string;
}

/** Server -> client notification: tiers or findings changed; the client refreshes its views. */
export const STATE_CHANGED_NOTIFICATION = 'kubetier/stateChanged';

/** The `kubetier.*` settings the server reads per document. */
export interface KubetierSettings {
  enable: boolean;
  tier?: Tier;
  kubernetesVersion?: string;
  rules?: Record<string, string>;
}
