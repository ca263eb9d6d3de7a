// The status bar item: the active YAML file's tier and where it came from, a `.kubetier.yaml` with
// problems, or a language server that crashed or stopped (shown even with no YAML file open). Clicking it
// opens a menu: select tier, open checklist, show output, restart server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TIER_INFO_REQUEST, type TierInfo } from '../../server/src/protocol';
import { TIER_NAMES } from '../../server/src/engine/types';
import { tierSourceKind } from './tierEdits';

export const STATUS_MENU_COMMAND = 'kubetier.showStatusMenu';

const SHORT_SOURCE = { modeline: 'modeline', config: '.kubetier.yaml', setting: 'setting', default: 'default', other: '' } as const;

/** What went wrong with the server: shown until the menu has shown it, or (when it stopped for good) until a restart. */
export interface ServerProblem {
  message: string;
  /** The server will not come back by itself. */
  stopped: boolean;
}

export class TierStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubetier.tier', vscode.StatusBarAlignment.Right, 100);
  private serverProblem: ServerProblem | undefined;
  private info: TierInfo | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'kubetier';
    this.item.command = STATUS_MENU_COMMAND;
  }

  serverFailed(problem: ServerProblem): void {
    this.serverProblem = problem;
    this.render();
  }

  /** A manual restart: the problem it answers is gone. */
  restarted(): void {
    this.serverProblem = undefined;
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const languageClient = this.client();
    this.info =
      editor && editor.document.languageId === 'yaml' && languageClient?.isRunning()
        ? ((await languageClient.sendRequest<TierInfo | null>(TIER_INFO_REQUEST, { uri: editor.document.uri.toString() }).catch(() => null)) ?? undefined)
        : undefined;
    this.render();
  }

  /** The menu behind the item; the first entry answers the problem shown, if any. */
  async showMenu(): Promise<void> {
    type Entry = vscode.QuickPickItem & { command?: string; args?: unknown[] };
    const entries: Entry[] = [];
    const configProblems = this.info?.configProblems ?? [];
    if (this.serverProblem) entries.push({ label: this.serverProblem.message, kind: vscode.QuickPickItemKind.Separator });
    entries.push(
      { label: '$(debug-restart) Restart server', command: 'kubetier.restartServer' },
      { label: '$(layers) Select tier', description: this.info ? `now ${this.info.tier}, from ${this.info.source}` : undefined, command: 'kubetier.selectTier' },
      { label: '$(checklist) Open checklist', command: 'kubetier.showChecklist' },
      { label: '$(output) Show output', command: 'kubetier.showOutput' },
    );
    if (!this.serverProblem) entries.push(entries.shift()!);
    if (configProblems.length > 0 && this.info && tierSourceKind(this.info.source) === 'config') {
      entries.unshift({ label: `$(warning) Open ${this.info.source}`, detail: configProblems.join('\n'), command: 'vscode.open', args: [vscode.Uri.file(this.info.source)] });
    }
    const pick = await vscode.window.showQuickPick(entries, { title: 'kubetier', placeHolder: this.placeholder() });
    // A crash the server came back from has been seen once the menu showed it.
    if (this.serverProblem && !this.serverProblem.stopped) {
      this.serverProblem = undefined;
      this.render();
    }
    if (pick?.command) await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
  }

  dispose(): void {
    this.item.dispose();
  }

  private placeholder(): string {
    if (this.serverProblem) return this.serverProblem.message;
    return this.info ? `Tier ${this.info.tier} (${TIER_NAMES[this.info.tier]}), Kubernetes ${this.info.kubernetesVersion}, from ${this.info.source}` : 'kubetier';
  }

  private render(): void {
    const item = this.item;
    if (this.serverProblem) {
      item.text = this.serverProblem.stopped ? '$(error) kubetier stopped' : '$(warning) kubetier restarted';
      item.tooltip = `${this.serverProblem.message}\n\nClick for the output log and a restart.`;
      item.backgroundColor = new vscode.ThemeColor(this.serverProblem.stopped ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
      item.show();
      return;
    }
    const info = this.info;
    if (!info) {
      item.hide();
      return;
    }
    const problems = info.configProblems ?? [];
    const short = SHORT_SOURCE[tierSourceKind(info.source)];
    item.text = `${problems.length > 0 ? '$(warning)' : '$(layers)'} Tier ${info.tier}${short ? ` · ${short}` : ''}`;
    item.backgroundColor = problems.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // File paths and config problems are text, not markdown.
    const tooltip = new vscode.MarkdownString(`**kubetier**: tier ${info.tier} (${TIER_NAMES[info.tier]}), Kubernetes ${info.kubernetesVersion}\n\n`);
    tooltip.appendText(`From: ${info.source}\n\n`);
    if (problems.length > 0) {
      tooltip.appendMarkdown('**Problems in the .kubetier.yaml** (those fields are left out, the rest applies):\n\n');
      for (const problem of problems) tooltip.appendText(`• ${problem}\n\n`);
    }
    tooltip.appendMarkdown('Click for: select tier, open checklist, show output, restart server.');
    item.tooltip = tooltip;
    item.show();
  }
}
