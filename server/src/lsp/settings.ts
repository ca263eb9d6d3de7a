// Where `kubetier.*` settings come from (a swappable source), how long one URI's answer is kept, and
// what they come to for one open document once its modeline and `.kubetier.yaml` are added.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseLimitsFrom, resolveSettings, type HostSettings, type LoadedConfig, type ResolvedSettings } from '../engine/lint/config';
import type { ParseLimits } from '../engine/yaml/model';
import { isSeverityOrOff, isTier, type SeverityOrOff } from '../engine/types';
import type { KubetierSettings } from '../protocol';
import { schemaFeaturesEnabled } from './schemaFeatures';
import { maxFileBytesFromSetting } from './workspaceSync';

export const DEFAULT_SETTINGS: KubetierSettings = { enable: true };

/**
 * Where the `kubetier.*` settings of a document or folder URI come from. The client source asks
 * workspace/configuration; editors that cannot answer it push settings or pass them at initialize.
 */
export interface SettingsSource {
  /** Rejects when the settings could not be read (the caller falls back to the defaults). */
  read(uri: string): Promise<KubetierSettings>;
}

/** Settings asked of the client per URI, or the ones pushed with didChangeConfiguration when it cannot answer. */
export class ClientSettingsSource implements SettingsSource {
  private pushed: KubetierSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly supportsConfiguration: () => boolean,
  ) {}

  /** didChangeConfiguration's `kubetier` section, for clients that cannot answer workspace/configuration. */
  push(settings: KubetierSettings | undefined): void {
    if (settings) this.pushed = { ...DEFAULT_SETTINGS, ...settings };
  }

  read(uri: string): Promise<KubetierSettings> {
    if (!this.supportsConfiguration()) return Promise.resolve(this.pushed);
    return this.connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'kubetier' })
      .then((value: KubetierSettings | null) => ({ ...DEFAULT_SETTINGS, ...(value ?? {}) }));
  }
}

/** One URI's settings, asked once and kept until the settings change. */
export class CachedSettings {
  private request: Promise<KubetierSettings> | undefined;

  constructor(
    private readonly source: SettingsSource,
    private readonly uri: string,
    private readonly warn: (message: string) => void,
  ) {}

  get(): Promise<KubetierSettings> {
    if (this.request) return this.request;
    const request = this.source.read(this.uri).catch((error: unknown) => {
      // Do not keep a failed request: the next lint asks again.
      if (this.request === request) this.request = undefined;
      this.warn(`kubetier: could not read settings for ${this.uri}: ${String(error)}`);
      return DEFAULT_SETTINGS;
    });
    this.request = request;
    return request;
  }

  clear(): void {
    this.request = undefined;
  }
}

/** The host's part of the settings, as the engine takes them; schema validation is off when schemas are left to redhat.vscode-yaml. */
export function toHostSettings(raw: KubetierSettings, redhatYamlActive: boolean): HostSettings {
  const rules: Record<string, SeverityOrOff> = {};
  for (const [id, level] of Object.entries(raw.rules ?? {})) if (isSeverityOrOff(level)) rules[id] = level;
  if (!schemaFeaturesEnabled(raw.schema?.enable, redhatYamlActive)) rules['schema-validation'] = 'off';
  return {
    tier: isTier(raw.tier) ? raw.tier : undefined,
    kubernetesVersion: typeof raw.kubernetesVersion === 'string' ? raw.kubernetesVersion : undefined,
    rules,
  };
}

/** Everything an open document is linted, parsed and answered with. */
export interface DocumentSettings {
  enabled: boolean;
  /** Schema completion and hover are kubetier's to give (not left to redhat.vscode-yaml). */
  schemaEnabled: boolean;
  maxFileBytes: number;
  limits: ParseLimits;
  resolved: ResolvedSettings;
}

export function documentSettings(document: TextDocument, raw: KubetierSettings, config: LoadedConfig | undefined, redhatYamlActive: boolean): DocumentSettings {
  return {
    enabled: raw.enable !== false,
    schemaEnabled: schemaFeaturesEnabled(raw.schema?.enable, redhatYamlActive),
    maxFileBytes: maxFileBytesFromSetting(raw.maxFileSize),
    limits: parseLimitsFrom(raw),
    resolved: resolveSettings(document.getText(), config, toHostSettings(raw, redhatYamlActive)),
  };
}
