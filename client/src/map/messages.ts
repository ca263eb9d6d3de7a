// Messages between the resource map webview and the extension. No vscode import: the webview bundle uses it too.
import type { ResourceGraph } from '../../../server/src/engine/graph/model';

/** Extension -> webview. */
export type MapHostMessage = { type: 'graph'; graph: ResourceGraph } | { type: 'error'; message: string };

/** Webview -> extension. The extension looks the node up in the last graph it sent; nothing else is trusted. */
export type MapWebviewMessage = { type: 'ready' } | { type: 'refresh' } | { type: 'open'; id: string };

/**
 * Accepts only the message shapes above with a bounded id; anything else (a compromised or confused
 * webview) is dropped rather than acted on.
 */
export function parseMapMessage(raw: unknown): MapWebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'refresh':
      return { type: message.type };
    case 'open':
      return typeof message.id === 'string' && message.id.length > 0 && message.id.length <= 4096 ? { type: 'open', id: message.id } : undefined;
    default:
      return undefined;
  }
}
