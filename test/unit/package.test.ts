// What the extension package ships (.vscodeignore, checked through `vsce ls`) and the comment grammar
// it contributes. `npm run package` additionally checks the built .vsix (scripts/check-vsix.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseText } from '../../server/src/engine/workspace/disk';
import { parseCommentSuppressions } from '../../server/src/engine/lint/suppress';
import { REPO_ROOT } from '../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('extension package contents', () => {
  it('ships the bundles, schemas, syntaxes, README and licence, and no development files', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const files = result.stdout.split('\n').filter(Boolean);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/client.js', 'dist/server.js', 'dist/server-main.js', 'dist/cli.js', 'dist/cli-main.js', 'dist/webview/checklist.js', 'bin/kubetier.js']) {
      assert.ok(files.includes(required), `${required} is packaged`);
    }
    for (const dir of ['schemas', 'syntaxes', 'snippets']) {
      const inRepo = fs.existsSync(path.join(REPO_ROOT, dir)) ? fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true }) : [];
      for (const entry of inRepo.map(String)) {
        if (fs.statSync(path.join(REPO_ROOT, dir, entry)).isFile()) assert.ok(files.includes(`${dir}/${entry.split(path.sep).join('/')}`), `${dir}/${entry} is packaged`);
      }
    }
    const unwanted = files.filter((file) => /(^|\/)node_modules\/|^(server|client|test|scripts|out[^/]*)\/|\.map$|\.ts$/.test(file));
    assert.deepEqual(unwanted, []);
    assert.ok(files.includes(manifest.main.replace(/^\.\//, '')), 'the main entry is packaged');
    for (const step of manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: { media: { markdown: string } }[] }) => walkthrough.steps)) {
      assert.ok(files.includes(step.media.markdown), `${step.media.markdown} (walkthrough page) is packaged`);
    }
  });
});

describe('extension manifest', () => {
  it('targets a VS Code no newer than 1.100, the one the end-to-end tests run (code-server 4.100.3)', () => {
    const minor = (range: string) => Number(/^\^?1\.(\d+)\./.exec(range)?.[1]);
    const installed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
    assert.ok(minor(manifest.engines.vscode) <= 100, `engines.vscode ${manifest.engines.vscode}`);
    assert.ok(minor(manifest.devDependencies['@types/vscode']) <= 100 && minor(installed) <= 100, `@types/vscode ${installed}`);
    assert.ok(minor(installed) <= minor(manifest.engines.vscode), 'the API types are no newer than the engine the manifest promises');
  });

  it('names only declared commands and settings in menus and walkthrough steps', () => {
    const commands = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
    const settings = new Set(Object.keys(manifest.contributes.configuration[0].properties));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
      for (const entry of entries) assert.ok(commands.has(entry.command), `${menu}: ${entry.command} is declared`);
    }
    for (const step of manifest.contributes.walkthroughs[0].steps as { id: string; description: string; completionEvents: string[] }[]) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(command), `${step.id}: ${command} is declared`);
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(name), `${step.id}: ${name} is declared`);
        else if (kind === 'onSettingChanged') assert.ok(settings.has(name), `${step.id}: ${name} is a setting`);
        else assert.equal(kind, 'onContext', `${step.id}: ${event}`);
      }
    }
  });

  it('declares limited untrusted-workspace support (no rendering, tool paths restricted) and no virtual workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /does not render/);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kubetier.helm.path', 'kubetier.kubectl.path', 'kubetier.kustomize.path']);
    assert.equal(manifest.capabilities.virtualWorkspaces, false);
  });
});

describe('comment grammar', () => {
  const grammarPath = 'syntaxes/kubetier-comments.injection.json';
  const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, grammarPath), 'utf8'));
  // The grammar's expressions use no Oniguruma-only syntax, so JavaScript can run them.
  const directive = new RegExp(grammar.repository.directive.begin);
  const ruleId = new RegExp(grammar.repository.directive.patterns[1].match, 'g');
  const reason = new RegExp(grammar.repository.directive.patterns[0].match);
  const modeline = new RegExp(grammar.repository.modeline.begin);
  const modelineSetting = new RegExp(grammar.repository.modeline.patterns[0].match, 'g');

  it('is contributed as an injection into YAML comments', () => {
    const contribution = manifest.contributes.grammars.find((entry: { path: string }) => entry.path === `./${grammarPath}`);
    assert.ok(contribution, 'package.json contributes the grammar');
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.deepEqual(contribution.injectTo, ['source.yaml']);
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.yaml/);
  });

  it('highlights what the engine reads as a suppression, and nothing else', () => {
    const lines = [
      '# kubetier-disable-next-line privileged, run-as-non-root -- legacy image',
      '  # kubetier-disable resource-limits',
      '# kubetier-enable resource-limits',
      '# mykubetier-disable privileged',
      '# kubetier-disabled privileged',
      '# a note about kubetier',
    ];
    for (const line of lines) {
      const engine = parseCommentSuppressions(parseText('/virtual/grammar.yaml', `${line}\nkind: ConfigMap\n`)).length > 0 || line.includes('kubetier-enable ');
      assert.equal(directive.test(line), engine, line);
    }
    const first = lines[0];
    const afterDirective = first.slice(first.search(directive)).replace(directive, '');
    const [ids] = afterDirective.split(reason);
    assert.deepEqual(ids.match(ruleId), ['privileged', 'run-as-non-root']);
    assert.equal(reason.exec(afterDirective)?.[2], ' legacy image');
  });

  it('highlights modelines and their settings', () => {
    const line = '# kubetier: tier=3 k8s=1.31';
    assert.ok(modeline.test(line));
    assert.deepEqual([...line.matchAll(modelineSetting)].map((match) => [match[1], match[3]]), [['tier', '3'], ['k8s', '1.31']]);
    assert.ok(!modeline.test('# see kubetier-docs: tier=3'), 'not every mention of kubetier is a modeline');
  });
});
