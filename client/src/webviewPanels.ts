// What kubetier's webview panels (checklist, resource map) share: where they may load from, and
// their HTML shell with this render's nonce.
import * as vscode from 'vscode';
import { createNonce, webviewHtml } from './checklist/html';

/** Scripts run; only the webview bundles and the stylesheets may be loaded. */
export function webviewPanelOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  };
}

/** Puts the shell in the webview: `dist/webview/<script>` and `media/<style>`, under a strict CSP. */
export function setWebviewShell(webview: vscode.Webview, context: vscode.ExtensionContext, files: { script: string; style: string; title: string }): void {
  webview.html = webviewHtml(
    {
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', files.script)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', files.style)).toString(),
    },
    createNonce(),
    files.title,
  );
}
