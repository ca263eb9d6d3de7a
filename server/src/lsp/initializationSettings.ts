// `kubetier.*` settings from initializationOptions, for editors that neither answer
// workspace/configuration nor push didChangeConfiguration (plain vim.lsp.start, some JetBrains setups).
import type { KubetierSettings } from '../protocol';

/** The setting names the server reads; anything else in the options is not a setting and is left out. */
const SETTING_KEYS: readonly (keyof KubetierSettings)[] = ['enable', 'tier', 'kubernetesVersion', 'rules', 'schema', 'maxFileSize', 'maxAliases', 'maxNestingDepth', 'maxDocumentNodes', 'maxFindingsPerFile'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The settings in initialization options: under `kubetier` (the shape workspace/configuration uses, and
 * what Helix sends from a server's `config`) or given directly (`{ "tier": 2 }`). Values are checked where
 * they are used, as the ones from workspace/configuration are.
 */
export function initializationSettings(options: unknown): Partial<KubetierSettings> {
  if (!isRecord(options)) return {};
  const source = isRecord(options.kubetier) ? options.kubetier : options;
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) if (Object.hasOwn(source, key) && source[key] !== undefined) settings[key] = source[key];
  return settings as Partial<KubetierSettings>;
}
