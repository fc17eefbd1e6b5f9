import * as vscode from 'vscode';
import type { BackendSnapshot } from '../../investigation/backends/snapshot';
import { backendNodes, type TreeNode } from './nodes';

/** The "Kdamonds" tree: backends → kdamonds → contexts → attrs, targets, schemes. */
export class KdamondTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: TreeNode[] = [];
  private readonly byId = new Map<string, TreeNode>();
  private readonly parents = new Map<string, TreeNode>();
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /** Replaces the tree's content with nodes built from the latest snapshots. */
  update(snapshots: readonly BackendSnapshot[]): void {
    this.roots = backendNodes(snapshots);
    this.byId.clear();
    this.parents.clear();
    const index = (node: TreeNode, parent?: TreeNode): void => {
      this.byId.set(node.id, node);
      if (parent) this.parents.set(node.id, parent);
      node.children.forEach((c) => index(c, node));
    };
    this.roots.forEach((r) => index(r));
    this.changeEmitter.fire(undefined);
  }

  /** The current node with this id (tests and `reveal` use it). */
  node(id: string): TreeNode | undefined {
    return this.byId.get(id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = node.children.length === 0 ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.accessibilityInformation = { label: `${node.label}${node.description ? `, ${node.description}` : ''}` };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return [...(node ? node.children : this.roots)];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
