// The kubetier language server in a real third-party client: Neovim's built-in LSP client (Debian's
// neovim, headless), started as editors start it (`kubetier lsp --stdio` from the installed package).
// neovim/lsp-session.lua drives the session and records what it saw; the assertions are here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fixAllText } from '../../server/src/engine/edit/fix';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { parseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { REPO_ROOT } from '../support/fixtures';
import { tempWorkspace } from '../support/cli';
import { LSP_SEVERITY, PRIVILEGED_LINE, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';
import type { Severity } from '../../server/src/engine/types';
import { offlineNpmEnv, packTarball, runOrFail } from '../support/package';

interface SeenDiagnostic {
  line: number;
  character: number;
  severity: number;
  message: string;
  source: string;
  code: string;
}

interface Session {
  error?: string;
  steps: string[];
  diagnostics: SeenDiagnostic[];
  hover: { kind: string; value: string } | null;
  actions: { title: string; kind: string }[];
  after_quick_fix: { text: string; diagnostics: SeenDiagnostic[] };
  fix_all_actions: { title: string; kind: string }[];
  after_fix_all: { text: string; diagnostics: SeenDiagnostic[] };
  stopped: boolean;
}

const SCRIPT = path.join(REPO_ROOT, 'test/integrations/neovim/lsp-session.lua');
let languageServer = '';

/** Runs lsp-session.lua on `manifest`, acting on `rule`'s diagnostic once it has the `severity` the client's settings give it. */
function nvimSession(manifest: string, rule: string, severity: Severity, client: { settings?: unknown; initOptions?: unknown }): Session {
  const root = path.dirname(manifest);
  const resultFile = path.join(root, 'session.json');
  const env = {
    ...process.env,
    KUBETIER_CMD: JSON.stringify([process.execPath, languageServer, '--stdio']),
    KUBETIER_ROOT: root,
    KUBETIER_MANIFEST: manifest,
    KUBETIER_RULE: rule,
    KUBETIER_SEVERITY: String(LSP_SEVERITY[severity]),
    KUBETIER_RESULT: resultFile,
    KUBETIER_SETTINGS: client.settings === undefined ? '' : JSON.stringify(client.settings),
    KUBETIER_INIT_OPTIONS: client.initOptions === undefined ? '' : JSON.stringify(client.initOptions),
    // Neovim keeps its state and log under XDG folders: inside the test's folder, not the user's.
    XDG_STATE_HOME: path.join(root, 'state'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
  };
  const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${SCRIPT}`], { cwd: root, env, encoding: 'utf8', timeout: 240_000 });
  assert.equal(run.error, undefined, `nvim could not run (.ci/run installs Debian's neovim): ${String(run.error)}`);
  assert.ok(fs.existsSync(resultFile), `nvim wrote no result (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const session = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Session;
  assert.equal(session.error, undefined, `the Neovim session failed after ${session.steps.join(', ')}: ${session.error}`);
  return session;
}

describe('Neovim built-in LSP client', () => {
  before(() => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(version.error, undefined, 'nvim is not installed: .ci/run installs it (apt-get install neovim)');
    const dir = tempWorkspace();
    const prefix = path.join(dir, 'prefix');
    runOrFail('npm', ['install', '--global', packTarball(dir)], { cwd: dir, env: offlineNpmEnv(prefix) });
    languageServer = path.join(prefix, 'bin/kubetier-language-server');
    assert.ok(fs.existsSync(languageServer));
  });

  it('shows diagnostics, hovers, applies a quick-fix and fix all, with settings pushed as nvim-lspconfig pushes them', () => {
    const root = tempWorkspace({ 'web.yaml': `# our comment stays\n${privilegedDeployment()}` });
    // Tier 2 makes privileged an error (a warning at the default tier 1): the settings reached the server.
    assert.notEqual(privilegedSeverityAt(2), privilegedSeverityAt(1));
    const session = nvimSession(path.join(root, 'web.yaml'), 'privileged', privilegedSeverityAt(2), { settings: { kubetier: { tier: 2 } } });
    const privileged = session.diagnostics.find((d) => d.code === 'privileged')!;
    assert.equal(privileged.source, 'kubetier');
    assert.equal(privileged.line, PRIVILEGED_LINE + 1);
    assert.ok(session.hover, 'hover answered');
    assert.ok(session.hover.value.includes(RULES_BY_ID.get('privileged')!.rationale.slice(0, 40)), session.hover.value);
    assert.ok(session.actions.some((action) => action.title === 'Set privileged: false' && action.kind === 'quickfix'), JSON.stringify(session.actions));
    // Neovim asks for code actions without naming kinds: fix all comes beside the quick-fix, as a quick-fix running the command.
    assert.ok(session.actions.some((action) => action.kind === 'quickfix' && /^Fix all kubetier problems/.test(action.title)), JSON.stringify(session.actions));
    assert.match(session.after_quick_fix.text, /^# our comment stays\n/);
    assert.match(session.after_quick_fix.text, /privileged: false/);
    assert.deepEqual(session.fix_all_actions.map((action) => action.kind), ['source.fixAll.kubetier']);
    // Neovim's buffer holds exactly what the engine's fix all makes of the text (its lines, without the last newline).
    const manifest = path.join(root, 'web.yaml');
    const before = `${session.after_quick_fix.text}\n`;
    const expected = fixAllText(manifest, before, { rules: RULES, settings: resolveSettings(before, undefined, { tier: 2 }), index: WorkspaceIndex.of([parseText(manifest, before)]) });
    assert.notEqual(expected.text, before);
    assert.equal(`${session.after_fix_all.text}\n`, expected.text);
    assert.match(session.after_fix_all.text, /^# our comment stays\n/);
    assert.ok(session.after_fix_all.diagnostics.length < session.after_quick_fix.diagnostics.length);
    assert.ok(session.stopped, 'the server shut down when Neovim asked');
  });

  it('takes the settings from init_options when the client gives no others (plain vim.lsp.start_client)', () => {
    const root = tempWorkspace({ 'web.yaml': privilegedDeployment() });
    const session = nvimSession(path.join(root, 'web.yaml'), 'privileged', privilegedSeverityAt(2), { initOptions: { kubetier: { tier: 2 } } });
    assert.equal(session.diagnostics.find((d) => d.code === 'privileged')!.severity, LSP_SEVERITY[privilegedSeverityAt(2)]);
    assert.match(session.after_quick_fix.text, /privileged: false/);
  });
});
