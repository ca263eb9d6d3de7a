// kubetier.problems.scope and the workspace size limit; result ids that stay the same for the same problems.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_WORKSPACE_FILES, needsReport, NO_PROBLEMS_ID, problemsScope, resultIdOf } from '../../server/src/lsp/problemsScope';

const diagnostic = (message: string) => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });

describe('problems scope', () => {
  it('lists the workspace by default, up to the file limit', () => {
    assert.deepEqual(problemsScope({ enable: true }, DEFAULT_MAX_WORKSPACE_FILES), { kind: 'workspace' });
    const over = problemsScope({ enable: true }, DEFAULT_MAX_WORKSPACE_FILES + 1);
    assert.equal(over.kind, 'openFiles');
    assert.match(over.kind === 'openFiles' ? over.reason ?? '' : '', /holds 5001 YAML files, over kubetier\.problems\.maxWorkspaceFiles \(5000\)/);
  });

  it('follows the setting, the limit setting and kubetier.enable', () => {
    assert.deepEqual(problemsScope({ enable: true, problems: { scope: 'openFiles' } }, 1), { kind: 'openFiles' });
    assert.deepEqual(problemsScope({ enable: true, problems: { maxWorkspaceFiles: 10 } }, 10), { kind: 'workspace' });
    assert.equal(problemsScope({ enable: true, problems: { maxWorkspaceFiles: 10 } }, 11).kind, 'openFiles');
    assert.deepEqual(problemsScope({ enable: false }, 1), { kind: 'openFiles' });
    assert.deepEqual(problemsScope({ enable: true, problems: { maxWorkspaceFiles: -1 } }, 100), { kind: 'workspace' }, 'a nonsense limit means the default');
  });
});

describe('result ids', () => {
  it('are equal for equal problems and differ otherwise', () => {
    assert.equal(resultIdOf([diagnostic('a')]), resultIdOf([diagnostic('a')]));
    assert.notEqual(resultIdOf([diagnostic('a')]), resultIdOf([diagnostic('b')]));
    assert.equal(resultIdOf([]), NO_PROBLEMS_ID);
  });

  it('sends a file the client has not seen only when it has problems', () => {
    assert.equal(needsReport(undefined, NO_PROBLEMS_ID), false);
    assert.equal(needsReport(undefined, resultIdOf([diagnostic('a')])), true);
    assert.equal(needsReport(resultIdOf([diagnostic('a')]), NO_PROBLEMS_ID), true, 'problems that went away are cleared');
    assert.equal(needsReport('x', 'x'), false);
  });
});
