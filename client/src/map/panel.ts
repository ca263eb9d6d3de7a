import * as vscode from 'vscode';
import { setWebviewShell, webviewPanelOptions } from '../webviewPanels';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ResourceGraph } from '../../../server/src/engine/graph/model';
import { RESOURCE_MAP_REQUEST, type ResourceMapParams } from '../../../server/src/protocol';
import { parseMapMessage, type MapHostMessage } from './messages';

export const MAP_VIEW_TYPE = 'kubetier.resourceMap';

/**
 * The resource map panel: one at a time. It keeps the last graph it sent, so an `open` from the
 * webview is looked up there (the webview names a node; the host decides what file that is), and the
 * YAML file last active, which the map centres on past its size limit.
 */
export class MapPanel {
  private static current: MapPanel | undefined;
  private static activeYaml: string | undefined;
  private lastGraph: ResourceGraph | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, client: LanguageClient): void {
    if (MapPanel.current) {
      MapPanel.current.panel.reveal();
      void MapPanel.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(MAP_VIEW_TYPE, 'kubetier resource map', vscode.ViewColumn.Active, { ...webviewPanelOptions(context), retainContextWhenHidden: false });
    MapPanel.current = new MapPanel(panel, context, client);
  }

  static restore(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient): void {
    panel.webview.options = webviewPanelOptions(context);
    MapPanel.current?.panel.dispose();
    MapPanel.current = new MapPanel(panel, context, client);
  }

  /** The YAML editor the user works in (the map itself takes the focus when shown). */
  static editorChanged(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId === 'yaml') MapPanel.activeYaml = editor.document.uri.toString();
  }

  static refreshIfOpen(): void {
    void MapPanel.current?.refresh();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    const webview = panel.webview;
    setWebviewShell(webview, context, { script: 'map.js', style: 'map.css', title: 'kubetier resource map' });
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseMapMessage(raw);
    if (!message) return;
    if (message.type === 'open') return this.open(message.id);
    return this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      const params: ResourceMapParams = { uri: MapPanel.activeYaml };
      this.lastGraph = await this.client.sendRequest<ResourceGraph>(RESOURCE_MAP_REQUEST, params);
      this.post({ type: 'graph', graph: this.lastGraph });
    } catch (error) {
      this.post({ type: 'error', message: `The resource map could not be computed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private async open(id: string): Promise<void> {
    const node = this.lastGraph?.nodes.find((candidate) => candidate.id === id);
    if (!node?.file) return;
    const range = node.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(node.file), { selection, viewColumn: vscode.ViewColumn.Beside });
  }

  private post(message: MapHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (MapPanel.current === this) MapPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
