// The HTML shell of kubetier's webviews (checklist, resource map). Pure (no vscode import) so its security properties are unit-tested.
import { randomBytes } from 'crypto';

export interface WebviewAssets {
  /** `webview.cspSource`: the origin the webview may load extension resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Strict CSP: nothing by default; scripts only with this render's nonce; styles from the extension's
 * media (and constructed stylesheets, which web components use); no inline handlers anywhere. The
 * content itself is built by the script with textContent, never from HTML strings.
 */
export function webviewHtml(assets: WebviewAssets, nonce: string, title: string): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${assets.cspSource} 'nonce-${nonce}'`,
    `font-src ${assets.cspSource}`,
    `img-src ${assets.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(assets.styleUri)}" nonce="${nonce}">
<title>${attribute(title)}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script type="module" nonce="${nonce}" src="${attribute(assets.scriptUri)}"></script>
</body>
</html>`;
}

export function checklistHtml(assets: WebviewAssets, nonce: string): string {
  return webviewHtml(assets, nonce, 'kubetier checklist');
}
