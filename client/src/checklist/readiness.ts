import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_REQUEST, type ChecklistItemView, type ChecklistParams, type ChecklistView } from '../../../server/src/protocol';
import { activeDocumentUri } from './panel';
import { TIER_NAMES, TIERS, type Tier } from '../../../server/src/engine/types';

type Node = { kind: 'tier'; tier: Tier } | { kind: 'item'; item: ChecklistItemView };

const TOP_MISSING = 5;

/** The "Tier readiness" view: score per tier, and the top missing items of each. */
export class ReadinessView implements vscode.TreeDataProvider<Node> {
  private view: ChecklistView | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  /** The name of the project scored, for the view's description. */
  get projectName(): string | undefined {
    return this.view?.projects.find((project) => project.uri === this.view?.project)?.name;
  }

  /** Whether a file belongs to a project other than the one scored (the deepest project whose URI prefixes it). */
  scoresAnotherProject(documentUri: string): boolean {
    const owner = this.view?.projects
      .filter((project) => documentUri.startsWith(`${project.uri}/`))
      .sort((a, b) => b.uri.length - a.uri.length)[0];
    return owner !== undefined && owner.uri !== this.view?.project;
  }

  async refresh(): Promise<void> {
    const params: ChecklistParams = { document: activeDocumentUri() };
    this.view = await this.client.sendRequest<ChecklistView>(CHECKLIST_REQUEST, params).catch(() => undefined);
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    const view = this.view;
    if (!view) return [];
    if (!node) return TIERS.filter((tier) => tier <= Math.min(5, view.targetTier + 1)).map((tier) => ({ kind: 'tier', tier }));
    if (node.kind === 'item') return [];
    return view.items
      .filter((item) => item.tier === node.tier && item.status === 'missing')
      .slice(0, TOP_MISSING)
      .map((item) => ({ kind: 'item', item }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'item') {
      const item = new vscode.TreeItem(node.item.title, vscode.TreeItemCollapsibleState.None);
      item.description = 'missing';
      item.tooltip = node.item.detail ?? node.item.criteria;
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      item.command = { command: 'kubetier.showChecklist', title: 'Show tier checklist' };
      return item;
    }
    const progress = this.view!.byTier[node.tier];
    const preview = node.tier > this.view!.targetTier;
    const item = new vscode.TreeItem(
      `${preview ? 'Next: ' : ''}Tier ${node.tier} ${TIER_NAMES[node.tier]}`,
      progress.missing > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${progress.percent} % (${progress.done}/${progress.done + progress.missing})`;
    item.iconPath = new vscode.ThemeIcon(progress.missing === 0 ? 'pass' : 'circle-large-outline');
    item.tooltip = `${progress.missing} item${progress.missing === 1 ? '' : 's'} missing`;
    return item;
  }
}
