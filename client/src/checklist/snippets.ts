import * as vscode from 'vscode';

interface SnippetEntry {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** `.code-snippets` files are JSON with comments; strip line comments outside strings. */
export function parseSnippetFile(text: string): Record<string, SnippetEntry> {
  const withoutComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (_comment, string: string | undefined) => string ?? '');
  return JSON.parse(withoutComments) as Record<string, SnippetEntry>;
}

/** The body of the bundled snippet with this prefix, as one string. */
export async function findSnippetBody(context: vscode.ExtensionContext, prefix: string): Promise<string | undefined> {
  const folder = vscode.Uri.joinPath(context.extensionUri, 'snippets');
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (list) => list,
    () => [] as [string, vscode.FileType][],
  );
  for (const [name] of entries.filter(([file]) => file.endsWith('.code-snippets') || file.endsWith('.json'))) {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name));
    const snippets = parseSnippetFile(new TextDecoder().decode(bytes));
    for (const entry of Object.values(snippets)) {
      const prefixes = Array.isArray(entry.prefix) ? entry.prefix : [entry.prefix];
      if (prefixes.includes(prefix)) return Array.isArray(entry.body) ? entry.body.join('\n') : entry.body;
    }
  }
  return undefined;
}

/**
 * Asks which YAML file should receive the template (an existing one, or a new file) and inserts the
 * snippet at its end as a new document, with its tab stops live.
 */
export async function insertSnippetInto(context: vscode.ExtensionContext, prefix: string, title: string): Promise<void> {
  const body = await findSnippetBody(context, prefix);
  if (!body) {
    void vscode.window.showWarningMessage(`kubetier: no template "${prefix}" is bundled for "${title}".`);
    return;
  }
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', 500);
  const NEW_FILE = '$(new-file) New file…';
  const picks = [
    { label: NEW_FILE, uri: undefined as vscode.Uri | undefined },
    ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
  ];
  const pick = await vscode.window.showQuickPick(picks, { placeHolder: `Where should the template for "${title}" go?` });
  if (!pick) return;
  let target = pick.uri;
  if (!target) {
    target = await vscode.window.showSaveDialog({ filters: { YAML: ['yaml', 'yml'] }, saveLabel: 'Create' });
    if (!target) return;
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) await vscode.workspace.fs.writeFile(target, new Uint8Array());
  }
  const editor = await vscode.window.showTextDocument(target);
  const document = editor.document;
  const text = document.getText();
  const end = document.positionAt(text.length);
  const separator = text.trim() === '' ? '' : `${text.endsWith('\n') ? '' : '\n'}---\n`;
  await editor.insertSnippet(new vscode.SnippetString(separator.replace(/\$/g, '\\$') + body), end);
}
