// One open document's state in the server (server/src/lsp/documentSession.ts) and the settings it
// asks once (server/src/lsp/settings.ts): what is kept, what is parsed again and what closing drops.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { DEFAULT_PARSE_LIMITS } from '../../server/src/engine/yaml/model';
import { DocumentSession } from '../../server/src/lsp/documentSession';
import { CachedSettings, DEFAULT_SETTINGS, type SettingsSource } from '../../server/src/lsp/settings';
import type { KubetierSettings } from '../../server/src/protocol';
import { RULES_BY_ID } from '../../server/src/rules';
import { privilegedDeployment } from '../support/manifests';

const URI = 'file:///work/app/deploy.yaml';
const noSettings: SettingsSource = { read: async () => DEFAULT_SETTINGS };
const session = () => new DocumentSession(URI, noSettings, () => undefined);
const edited = (document: TextDocument, text: string) => TextDocument.update(document, [{ text }], document.version + 1);

/** A settings source that answers from a list of results, one per read, counting the reads. */
function scriptedSource(results: (KubetierSettings | Error)[]): SettingsSource & { reads: number } {
  const source = {
    reads: 0,
    read: async () => {
      const result = results[Math.min(source.reads++, results.length - 1)];
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return source;
}

describe('document session', () => {
  it('takes the content change fired with the open for no edit, and notices a modeline change', () => {
    const state = session();
    assert.deepEqual(state.contentChanged('kind: Pod\n'), { isEdit: false, modelineChanged: false });
    assert.deepEqual(state.contentChanged('kind: Pod\nmetadata: {}\n'), { isEdit: true, modelineChanged: false });
    assert.deepEqual(state.contentChanged('# kubetier: tier=3\nkind: Pod\n'), { isEdit: true, modelineChanged: true });
    assert.deepEqual(state.contentChanged('# kubetier: tier=3\nkind: Pod\n# more\n'), { isEdit: true, modelineChanged: false });
  });

  it('parses a version once, again after an edit or with other limits, and from scratch after forgetLint', () => {
    const state = session();
    const document = TextDocument.create(URI, 'yaml', 1, privilegedDeployment());
    const first = state.parsed(document, DEFAULT_PARSE_LIMITS);
    assert.equal(first.fresh, true);
    assert.deepEqual(state.parsed(document), { file: first.file, fresh: false }, 'without limits, those of the last parse');
    const next = edited(document, `${privilegedDeployment()}# edited\n`);
    const second = state.parsed(next);
    assert.equal(second.fresh, true);
    assert.equal(second.file.text, next.getText());
    assert.equal(state.parsed(next, { ...DEFAULT_PARSE_LIMITS, maxAliasCount: 7 }).fresh, true);
    state.forgetLint();
    assert.equal(state.parsed(next).fresh, true);
  });

  it('keeps the latest lint for its version only, and logs a rule failure once until the lint is forgotten', () => {
    const state = session();
    const document = TextDocument.create(URI, 'yaml', 1, privilegedDeployment());
    const settings = resolveSettings(document.getText(), undefined, { tier: 2 });
    const { file } = state.parsed(document);
    const index = new WorkspaceIndex();
    index.set(file);
    const run = state.lint(file, { settings, index, rules: [RULES_BY_ID.get('privileged')!] });
    assert.ok(run.findings.some((finding) => finding.ruleId === 'privileged'));
    assert.deepEqual({ checks: run.checks, fallbacks: run.fallbacks }, { checks: 1, fallbacks: 0 });
    state.remember(document.version, { findings: run.findings, settings });
    assert.equal(state.snapshotFor(1)?.findings, run.findings);
    assert.equal(state.snapshotFor(2), undefined);
    const failure = [{ ...run.findings[0], ruleId: 'internal-error', message: 'rule x threw' }];
    assert.deepEqual(state.failuresToLog(failure), ['rule x threw']);
    assert.deepEqual(state.failuresToLog(failure), []);
    state.forgetLint();
    assert.equal(state.snapshotFor(1), undefined);
    assert.deepEqual(state.failuresToLog(failure), ['rule x threw']);
  });

  it('runs only the last scheduled lint, and none once disposed', async () => {
    const state = session();
    const ran: string[] = [];
    await new Promise<void>((resolve) => {
      state.scheduleLint(0, () => ran.push('first'));
      state.scheduleLint(0, () => {
        ran.push('second');
        resolve();
      });
    });
    assert.deepEqual(ran, ['second']);
    state.scheduleLint(0, () => ran.push('after dispose'));
    state.dispose();
    // A timer set after the cancelled one fires after it would have.
    await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepEqual(ran, ['second']);
  });
});

describe('cached settings', () => {
  it('asks the source once until cleared', async () => {
    const source = scriptedSource([{ enable: true, tier: 2 }, { enable: true, tier: 4 }]);
    const settings = new CachedSettings(source, URI, () => undefined);
    assert.equal((await settings.get()).tier, 2);
    assert.equal((await settings.get()).tier, 2);
    assert.equal(source.reads, 1);
    settings.clear();
    assert.equal((await settings.get()).tier, 4);
    assert.equal(source.reads, 2);
  });

  it('answers the defaults when the source fails, with a warning, and asks again next time', async () => {
    const warnings: string[] = [];
    const source = scriptedSource([new Error('client gone'), { enable: false }]);
    const settings = new CachedSettings(source, URI, (message) => warnings.push(message));
    assert.deepEqual(await settings.get(), DEFAULT_SETTINGS);
    assert.match(warnings[0], /could not read settings for file:\/\/\/work\/app\/deploy\.yaml: Error: client gone/);
    assert.equal((await settings.get()).enable, false);
    assert.equal(source.reads, 2);
  });
});
