import * as vscode from 'vscode';
import { setWebviewShell, webviewPanelOptions } from '../webviewPanels';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_REQUEST, type ChecklistParams, type ChecklistView } from '../../../server/src/protocol';
import type { Tier } from '../../../server/src/engine/types';
import { parseWebviewMessage, type HostMessage } from './messages';
import { addChecklistItem } from './addItem';
import { insertSnippetInto } from './snippets';
import { SHOW_RESOURCE_MAP_COMMAND } from '../map';

export const CHECKLIST_VIEW_TYPE = 'kubetier.checklist';

/** The file being edited, whose project the checklist and readiness score until the user picks one. */
export function activeDocumentUri(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.toString() : undefined;
}

/**
 * The checklist webview panel: one at a time. It keeps no state of its own beyond the last view it
 * was sent (to validate what the webview asks for); the webview persists its own state, and the
 * serializer brings the panel back after a reload.
 */
export class ChecklistPanel {
  private static current: ChecklistPanel | undefined;
  private lastView: ChecklistView | undefined;
  private tier: Tier | undefined;
  /** The project the user switched to; until then the project of the active editor's file. */
  private project: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, client: LanguageClient): void {
    if (ChecklistPanel.current) {
      ChecklistPanel.current.panel.reveal();
      void ChecklistPanel.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(CHECKLIST_VIEW_TYPE, 'kubetier checklist', vscode.ViewColumn.Active, webviewPanelOptions(context));
    ChecklistPanel.current = new ChecklistPanel(panel, context, client);
  }

  static restore(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient): void {
    panel.webview.options = webviewPanelOptions(context);
    ChecklistPanel.current?.panel.dispose();
    ChecklistPanel.current = new ChecklistPanel(panel, context, client);
  }

  /** Called when the server says findings or files changed. */
  static refreshIfOpen(): void {
    void ChecklistPanel.current?.refresh();
  }

  static get isOpen(): boolean {
    return ChecklistPanel.current !== undefined;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    const webview = panel.webview;
    setWebviewShell(webview, context, { script: 'checklist.js', style: 'checklist.css', title: 'kubetier checklist' });
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
      case 'refresh':
        return this.refresh();
      case 'showMap':
        return void vscode.commands.executeCommand(SHOW_RESOURCE_MAP_COMMAND);
      case 'setTier':
        this.tier = message.tier;
        return this.refresh();
      case 'setProject':
        // Only a project the panel was sent: the webview names it, the host checks it.
        if (!this.lastView?.projects.some((project) => project.uri === message.project)) return;
        this.project = message.project;
        this.tier = undefined;
        return this.refresh();
      case 'openEvidence':
        return this.openEvidence(message.itemId, message.index);
      case 'addMissing':
        return this.addMissing(message.itemId);
    }
  }

  private async refresh(): Promise<void> {
    try {
      const params: ChecklistParams = { tier: this.tier, project: this.project, document: activeDocumentUri() };
      this.lastView = await this.client.sendRequest<ChecklistView>(CHECKLIST_REQUEST, params);
      this.post({ type: 'view', view: this.lastView });
    } catch (error) {
      this.post({ type: 'error', message: `The checklist could not be computed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** Only evidence this panel was sent can be opened: the webview names it, the host looks it up. */
  private async openEvidence(itemId: string, index: number): Promise<void> {
    const evidence = this.lastView?.items.find((item) => item.id === itemId)?.evidence[index];
    if (!evidence) return;
    const { start, end } = evidence.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(evidence.uri), { selection, viewColumn: vscode.ViewColumn.Beside });
  }

  private async addMissing(itemId: string): Promise<void> {
    const item = this.lastView?.items.find((entry) => entry.id === itemId);
    if (!item) return;
    if (item.snippet) await insertSnippetInto(this.context, item.snippet, item.title);
    else await addChecklistItem(this.client, { itemId }, item.title);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (ChecklistPanel.current === this) ChecklistPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
