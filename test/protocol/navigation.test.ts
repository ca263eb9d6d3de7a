// Navigation over stdio, against a small shop workspace on disk (test/fixtures/navigation): outline,
// workspace symbols, go to definition, find references, highlight, code lens, rename, folding.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, DocumentHighlight, DocumentSymbol, FoldingRange, Location, WorkspaceEdit, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { SHOW_LINKS_COMMAND } from '../../server/src/protocol';
import { fileUri, LspTestClient, type Position } from '../support/lspClient';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/navigation');

/** The position of the `nth` occurrence of `needle` in `text`, `shift` characters in. */
function positionOf(text: string, needle: string, nth = 0, shift = 1): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `"${needle}" #${nth} in the fixture`);
  }
  const before = text.slice(0, offset + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** `file:line` of each location, sorted, for readable comparisons. */
function places(locations: readonly Location[] | null): string[] {
  return (locations ?? []).map((location) => `${path.basename(location.uri)}:${location.range.start.line + 1}`).sort();
}

describe('navigation', () => {
  let root: string;
  let client: LspTestClient;
  const texts: Record<string, string> = {};
  const uri = (file: string) => fileUri(path.join(root, file));
  const at = (file: string, needle: string, nth = 0, shift = 1) => ({ textDocument: { uri: uri(file) }, position: positionOf(texts[file], needle, nth, shift) });

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-navigation-')));
    for (const file of fs.readdirSync(FIXTURES)) {
      texts[file] = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      fs.writeFileSync(path.join(root, file), texts[file]);
    }
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } } });
    await client.waitFor(
      () => (client.notifications.get('window/logMessage') ?? []).some((entry) => (entry as { message: string }).message.startsWith('kubetier: indexed')),
      'the start-up index scan',
    );
    for (const file of ['app.yaml', 'config.yaml']) await client.open(uri(file), texts[file]);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('outlines each object as "Kind name" with its namespace, containers, ports and volumes nested', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('app.yaml') } });
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.detail]), [['Deployment web', 'shop'], ['Service web', 'shop']]);
    const deployment = symbols[0];
    assert.deepEqual(deployment.children?.map((child) => child.name), ['container web', 'volume config']);
    assert.deepEqual(deployment.children?.[0].children?.map((child) => child.name), ['port http 8080/TCP']);
    assert.equal(deployment.children?.[1].detail, 'configMap web-config');
    assert.deepEqual(deployment.selectionRange.start, positionOf(texts['app.yaml'], 'web', 0, 0), 'the name is what the outline reveals');
    assert.equal(deployment.range.start.line, 0);
    assert.equal(symbols[1].range.start.line, positionOf(texts['app.yaml'], 'apiVersion: v1').line);
  });

  it('lists every indexed object as a workspace symbol, filtered by the query', async () => {
    const all = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
    assert.equal(all.length, 11, all.map((symbol) => symbol.name).join(', '));
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'rolebind' });
    assert.deepEqual(found.map((symbol) => [symbol.name, symbol.containerName]), [['RoleBinding web-reader', 'shop']]);
    assert.equal(path.basename(found[0].location.uri), 'access.yaml');
    assert.ok('range' in found[0].location, 'a client without resolve support gets ranges at once');
  });

  it('goes from each kind of reference to what it names', async () => {
    const definition = (params: ReturnType<typeof at>) => client.request<Location[]>('textDocument/definition', params);
    assert.deepEqual(places(await definition(at('app.yaml', 'web-config'))), ['config.yaml:4'], 'configMapRef -> the ConfigMap name');
    assert.deepEqual(places(await definition(at('app.yaml', 'log-level'))), ['config.yaml:7'], 'configMapKeyRef.key -> the key');
    assert.deepEqual(places(await definition(at('app.yaml', 'password'))), ['config.yaml:16'], 'secretKeyRef.key -> the Secret key');
    assert.deepEqual(places(await definition(at('app.yaml', 'web-db'))), ['config.yaml:13']);
    assert.deepEqual(places(await definition(at('app.yaml', 'web-config', 2))), ['config.yaml:4'], 'a configMap volume');
    assert.deepEqual(places(await definition(at('app.yaml', 'web-sa'))), ['access.yaml:4'], 'serviceAccountName');
    assert.deepEqual(places(await definition(at('app.yaml', 'port: http'))), ['app.yaml:20'], 'a probe named port -> the container port');
    assert.deepEqual(places(await definition(at('app.yaml', 'app: web', 2))), ['app.yaml:12'], 'a Service selector -> the pod template labels');
    assert.deepEqual(places(await definition(at('app.yaml', 'targetPort: http', 0, 13))), ['app.yaml:20'], 'a Service targetPort -> the container port');
    await client.open(uri('access.yaml'), texts['access.yaml']);
    assert.deepEqual(places(await definition(at('access.yaml', 'name: web-reader', 2, 7))), ['access.yaml:10'], 'roleRef -> the Role');
    assert.deepEqual(places(await definition(at('access.yaml', 'name: web-sa', 1, 7))), ['access.yaml:4'], 'a subject -> the ServiceAccount');
    await client.open(uri('scaling.yaml'), texts['scaling.yaml']);
    assert.deepEqual(places(await definition(at('scaling.yaml', 'name: web}', 0, 7))), ['app.yaml:4'], 'scaleTargetRef -> the workload');
    assert.deepEqual(places(await definition(at('scaling.yaml', 'app: web', 0, 1))), ['app.yaml:12'], 'a PDB selector -> the pod template labels');
    await client.open(uri('ingress.yaml'), texts['ingress.yaml']);
    assert.deepEqual(places(await definition(at('ingress.yaml', 'name: web', 1, 7))), ['app.yaml:46'], 'an Ingress backend -> the Service');
    assert.deepEqual(places(await definition(at('ingress.yaml', 'name: http', 0, 7))), ['app.yaml:52'], 'its port name -> the Service port');
    assert.deepEqual(await definition(at('app.yaml', 'nginx')), [], 'an image names nothing');
  });

  it('finds the references to a ConfigMap, a key and a workload', async () => {
    const references = (params: ReturnType<typeof at>, includeDeclaration = false) =>
      client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration } });
    assert.deepEqual(places(await references(at('config.yaml', 'web-config'))), ['app.yaml:24', 'app.yaml:29', 'app.yaml:41']);
    assert.deepEqual(places(await references(at('config.yaml', 'web-config'), true)), ['app.yaml:24', 'app.yaml:29', 'app.yaml:41', 'config.yaml:4']);
    assert.deepEqual(places(await references(at('config.yaml', 'log-level'))), ['app.yaml:30'], 'the key, from configMapKeyRef');
    assert.deepEqual(places(await references(at('config.yaml', 'feature-flags'))), [], 'a key nothing reads');
    assert.deepEqual(
      places(await references(at('app.yaml', 'name: web', 0, 7))),
      ['app.yaml:49', 'scaling.yaml:18', 'scaling.yaml:7'],
      'the Deployment: its Service, PDB and HPA',
    );
    assert.deepEqual(places(await references(at('app.yaml', 'web-config', 1))), ['app.yaml:24', 'app.yaml:29', 'app.yaml:41'], 'from a reference: its siblings');
  });

  it('highlights a name and what refers to it in the same document', async () => {
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', at('app.yaml', 'name: http', 0, 7));
    assert.deepEqual(highlights.map((highlight) => [highlight.range.start.line + 1, highlight.kind]).sort(), [[20, 3], [37, 2], [54, 2]]);
  });

  it('puts code lenses on workloads and on selectors, clickable', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('app.yaml') } });
    const titles = lenses.map((lens) => [lens.range.start.line + 1, lens.command?.title]);
    assert.deepEqual(titles, [[2, 'selected by Service web · HPA web (2-10) · PDB web'], [44, 'selects 1 workload']]);
    const [uriArg, , locations] = lenses[0].command!.arguments as [string, Position, Location[]];
    assert.equal(lenses[0].command!.command, SHOW_LINKS_COMMAND);
    assert.equal(uriArg, uri('app.yaml'));
    assert.deepEqual(places(locations), ['app.yaml:49', 'scaling.yaml:18', 'scaling.yaml:7']);
    const scaling = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('scaling.yaml') } });
    assert.deepEqual(scaling.map((lens) => lens.command?.title), ['selects 1 workload', 'selects nothing']);
  });

  it('renames a ConfigMap with every reference in one workspace edit, and refuses elsewhere', async () => {
    const prepared = await client.request<{ placeholder: string } | null>('textDocument/prepareRename', at('app.yaml', 'web-config'));
    assert.equal(prepared?.placeholder, 'web-config');
    assert.equal(await client.request('textDocument/prepareRename', at('app.yaml', 'nginx')), null, 'an image is not renamed');
    assert.equal(await client.request('textDocument/prepareRename', at('access.yaml', 'name: web-reader', 1, 7)), null, 'a Role is not among the renamed kinds');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('config.yaml', 'web-config'), newName: 'shop-config' });
    const changes = Object.entries(edit.changes ?? {}).flatMap(([file, edits]) => edits.map((change) => `${path.basename(file)}:${change.range.start.line + 1}:${change.newText}`));
    assert.deepEqual(changes.sort(), ['app.yaml:24:shop-config', 'app.yaml:29:shop-config', 'app.yaml:41:shop-config', 'config.yaml:4:shop-config']);
    await assert.rejects(client.request('textDocument/rename', { ...at('config.yaml', 'web-config'), newName: 'Shop_Config' }), /not a valid Kubernetes name/);
  });

  it('renames a Secret, a ServiceAccount, a Service and a workload with what refers to each by name', async () => {
    const renamed = async (params: ReturnType<typeof at>, newName: string) => {
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...params, newName });
      return Object.entries(edit.changes ?? {})
        .flatMap(([file, edits]) => edits.map((change) => `${path.basename(file)}:${change.range.start.line + 1}:${change.newText}`))
        .sort();
    };
    assert.deepEqual(await renamed(at('config.yaml', 'name: web-db', 0, 7), 'shop-db'), ['app.yaml:34:shop-db', 'config.yaml:13:shop-db']);
    assert.deepEqual(await renamed(at('access.yaml', 'name: web-sa', 0, 7), 'shop-sa'), ['access.yaml:28:shop-sa', 'access.yaml:4:shop-sa', 'app.yaml:15:shop-sa']);
    assert.deepEqual(await renamed(at('app.yaml', 'kind: Service\nmetadata:\n  name: web', 0, 32), 'shop'), ['app.yaml:46:shop', 'ingress.yaml:16:shop'], 'the Service and the Ingress backend');
    // Selectors pick pods by label, so the Service and the PDB keep theirs; the HPA names the Deployment.
    assert.deepEqual(await renamed(at('app.yaml', 'name: web', 0, 7), 'shop'), ['app.yaml:4:shop', 'scaling.yaml:7:shop']);
  });

  it('folds each document and each multi-line block', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uri('config.yaml') } });
    const folds = ranges.map((range) => `${range.startLine + 1}-${range.endLine + 1}`).sort();
    assert.deepEqual(folds, ['1-8', '3-5', '6-8', '10-16', '12-14', '15-16'].sort());
  });
});
