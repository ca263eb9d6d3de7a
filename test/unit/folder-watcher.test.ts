// The server's own file watching (lsp/folderWatcher.ts) on a real folder: changes arrive as the
// FileEvents a client would send, skipped and excluded folders are not watched, and the number of
// watched folders is bounded. Waiting polls until the event arrives (never a fixed sleep).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { FolderWatcher } from '../../server/src/lsp/folderWatcher';
import { pathToUri } from '../../server/src/lsp/uri';
import { tempWorkspace } from '../support/cli';

const watchers: FolderWatcher[] = [];
after(() => watchers.forEach((watcher) => watcher.dispose()));

function watched(root: string, options: { excluded?: (folder: string) => boolean; maxFolders?: number } = {}) {
  const events: FileEvent[] = [];
  const logs: string[] = [];
  const watcher = new FolderWatcher({
    excluded: options.excluded ?? (() => false),
    filesChanged: (changes) => events.push(...changes),
    log: (message) => logs.push(message),
    maxFolders: options.maxFolders,
  });
  watchers.push(watcher);
  watcher.add([root]);
  return { watcher, events, logs };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const has = (events: FileEvent[], file: string, type: FileChangeType) => events.some((event) => event.uri === pathToUri(file) && event.type === type);

describe('FolderWatcher', () => {
  it('reports YAML files and .kubetier.yaml written, and deleted, in watched folders', async () => {
    const root = tempWorkspace({ 'apps/web.yaml': 'a: 1\n' });
    const { events } = watched(root);
    const web = path.join(root, 'apps/web.yaml');
    fs.writeFileSync(web, 'a: 2\n');
    await until(() => has(events, web, FileChangeType.Changed), 'the change');
    const config = path.join(root, '.kubetier.yaml');
    fs.writeFileSync(config, 'tier: 2\n');
    await until(() => has(events, config, FileChangeType.Changed), 'the config file');
    fs.rmSync(web);
    await until(() => has(events, web, FileChangeType.Deleted), 'the deletion');
    fs.writeFileSync(path.join(root, 'apps/notes.txt'), 'x');
    fs.writeFileSync(path.join(root, 'apps/late.yml'), 'b: 1\n');
    await until(() => has(events, path.join(root, 'apps/late.yml'), FileChangeType.Changed), 'a .yml file');
    assert.ok(!events.some((event) => event.uri.endsWith('notes.txt')), 'other files are not reported');
  });

  it('watches folders created later, and reports a folder deleted whole', async () => {
    const root = tempWorkspace({ 'keep.yaml': '' });
    const { events, watcher } = watched(root);
    const before = watcher.watchedFolders;
    const folder = path.join(root, 'new');
    fs.mkdirSync(folder);
    await until(() => has(events, folder, FileChangeType.Created), 'the new folder');
    assert.equal(watcher.watchedFolders, before + 1);
    const inside = path.join(folder, 'svc.yaml');
    fs.writeFileSync(inside, 'c: 1\n');
    await until(() => has(events, inside, FileChangeType.Changed), 'a file in the new folder');
    fs.rmSync(folder, { recursive: true });
    await until(() => has(events, folder, FileChangeType.Deleted), 'the deleted folder');
    assert.equal(watcher.watchedFolders, before);
  });

  it('does not watch skipped or excluded folders, and stops at maxFolders with one log line', () => {
    const root = tempWorkspace({ 'node_modules/x/a.yaml': '', '.git/b.yaml': '', 'generated/c.yaml': '', 'apps/d.yaml': '', 'infra/e.yaml': '' });
    const { watcher } = watched(root, { excluded: (folder) => folder.endsWith(`${path.sep}generated`) });
    assert.equal(watcher.watchedFolders, 3, 'the root, apps and infra');
    const bounded = watched(tempWorkspace({ 'a/1.yaml': '', 'b/2.yaml': '', 'c/3.yaml': '' }), { maxFolders: 2 });
    assert.equal(bounded.watcher.watchedFolders, 2);
    assert.equal(bounded.logs.length, 1);
    assert.match(bounded.logs[0], /watching the first 2 folders only/);
  });
});
