// Where "Select target tier" writes the tier, and the text edits that write it: pure (no vscode), unit-tested.
import { parseDocument, isMap } from 'yaml';
import { parseModeline } from '../../server/src/engine/lint/config';
import type { Tier } from '../../server/src/engine/types';

/** Where a document's tier came from, from TierInfo.source (a `.kubetier.yaml` source is its path). */
export type TierSourceKind = 'modeline' | 'config' | 'setting' | 'default' | 'other';

export function tierSourceKind(source: string): TierSourceKind {
  if (source.startsWith('modeline')) return 'modeline';
  if (/[\\/]/.test(source)) return 'config';
  if (source === 'kubetier.tier setting') return 'setting';
  return source === 'default' ? 'default' : 'other';
}

/** A place "Select target tier" can write to. */
export type TierDestination = 'modeline' | 'config' | 'newConfig' | 'setting';

/**
 * The places to offer, the first preselected. A modeline or `.kubetier.yaml` that decides the tier comes
 * first: a setting written instead would be overridden. Otherwise the workspace setting, or a new shared
 * `.kubetier.yaml` at the workspace root when there is a workspace and none exists there.
 */
export function tierDestinations(kind: TierSourceKind, canCreateConfig: boolean): TierDestination[] {
  if (kind === 'modeline') return ['modeline', 'setting'];
  if (kind === 'config') return ['config', 'setting'];
  return canCreateConfig ? ['setting', 'newConfig'] : ['setting'];
}

/** The text with the modeline's `tier=N` set (added to the modeline when it has none); undefined without a modeline. */
export function withModelineTier(text: string, tier: Tier): string | undefined {
  const modeline = parseModeline(text);
  if (!modeline) return undefined;
  const lines = text.split('\n');
  // A CRLF file's lines keep their \r at the end.
  const [, line, cr] = /^(.*?)(\r?)$/s.exec(lines[modeline.line])!;
  const edited = /\btier\s*=\s*[\w.]+/.test(line)
    ? line.replace(/\btier\s*=\s*[\w.]+/, `tier=${tier}`)
    : line.replace(/(#\s*kubetier:)\s*/, `$1 tier=${tier} `).trimEnd();
  lines[modeline.line] = edited + cr;
  return lines.join('\n');
}

/** A `.kubetier.yaml` with `tier:` set; its comments and other keys stay. Undefined when its top level is not a map. */
export function withConfigTier(text: string, tier: Tier): string | undefined {
  const document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  if (document.contents === null) return newConfigText(tier);
  if (!isMap(document.contents)) return undefined;
  document.set('tier', tier);
  return document.toString();
}

export function newConfigText(tier: Tier): string {
  return `# kubetier: settings for every file below this folder (kubetier lint in CI reads it too).\ntier: ${tier}\n`;
}
