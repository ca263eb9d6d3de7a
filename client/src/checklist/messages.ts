// Messages between the checklist webview and the extension. No vscode import: the webview bundle uses it too.
import type { ChecklistView } from '../../../server/src/protocol';
import type { Tier } from '../../../server/src/engine/types';

/** Extension -> webview. */
export type HostMessage = { type: 'view'; view: ChecklistView } | { type: 'error'; message: string };

/** Webview -> extension. Every field is validated by parseWebviewMessage before use. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'showMap' }
  | { type: 'setTier'; tier: Tier }
  | { type: 'setProject'; project: string }
  | { type: 'openEvidence'; itemId: string; index: number }
  | { type: 'addMissing'; itemId: string };

const ITEM_ID = /^t[1-5]-[a-z0-9-]{1,60}$/;
/** Longer than any folder URI the panel sends; the host also checks the URI is one of the projects it sent. */
const MAX_PROJECT_URI = 4096;

/**
 * Accepts only the message shapes above, with bounded, well-formed fields; anything
 * else (a compromised or confused webview) is dropped rather than acted on.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'refresh':
    case 'showMap':
      return { type: message.type };
    case 'setTier':
      return typeof message.tier === 'number' && Number.isInteger(message.tier) && message.tier >= 1 && message.tier <= 5
        ? { type: 'setTier', tier: message.tier as Tier }
        : undefined;
    case 'setProject':
      return typeof message.project === 'string' && message.project.length > 0 && message.project.length <= MAX_PROJECT_URI
        ? { type: 'setProject', project: message.project }
        : undefined;
    case 'openEvidence':
      return typeof message.itemId === 'string' && ITEM_ID.test(message.itemId) && Number.isInteger(message.index) && (message.index as number) >= 0
        ? { type: 'openEvidence', itemId: message.itemId, index: message.index as number }
        : undefined;
    case 'addMissing':
      return typeof message.itemId === 'string' && ITEM_ID.test(message.itemId) ? { type: 'addMissing', itemId: message.itemId } : undefined;
    default:
      return undefined;
  }
}
