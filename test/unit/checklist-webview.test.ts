import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checklistHtml, createNonce, webviewHtml } from '../../client/src/checklist/html';
import { parseWebviewMessage } from '../../client/src/checklist/messages';
import { parseMapMessage } from '../../client/src/map/messages';

const assets = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/checklist.css' };

describe('checklist webview shell', () => {
  it('has a strict CSP: nothing by default, scripts only with the nonce, no unsafe-inline or eval', () => {
    const nonce = createNonce();
    const html = checklistHtml(assets, nonce);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((match) => match[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`));
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('uses a fresh unguessable nonce per render', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
  });

  it('escapes resource URIs into attributes', () => {
    const html = checklistHtml({ ...assets, scriptUri: 'https://x/"><script>alert(1)</script>' }, 'abc');
    assert.doesNotMatch(html, /<script>alert/);
  });

  it('gives the resource map the same shell under its own title', () => {
    const nonce = createNonce();
    const map = webviewHtml(assets, nonce, 'kubetier resource map');
    assert.equal(map, checklistHtml(assets, nonce).replace('<title>kubetier checklist</title>', '<title>kubetier resource map</title>'));
  });
});

describe('messages from the webview', () => {
  it('accepts the known shapes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'setTier', tier: 3 }), { type: 'setTier', tier: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'openEvidence', itemId: 't2-pdb', index: 1, extra: 'x' }), { type: 'openEvidence', itemId: 't2-pdb', index: 1 });
    assert.deepEqual(parseWebviewMessage({ type: 'addMissing', itemId: 't2-velero' }), { type: 'addMissing', itemId: 't2-velero' });
    assert.deepEqual(parseWebviewMessage({ type: 'setProject', project: 'file:///ws/app' }), { type: 'setProject', project: 'file:///ws/app' });
    assert.deepEqual(parseWebviewMessage({ type: 'showMap', extra: 1 }), { type: 'showMap' });
  });

  it('drops anything else', () => {
    for (const raw of [
      null,
      'ready',
      { type: 'exec', command: 'rm -rf /' },
      { type: 'setTier', tier: 9 },
      { type: 'setTier', tier: '2' },
      { type: 'openEvidence', itemId: '../../etc/passwd', index: 0 },
      { type: 'openEvidence', itemId: 't2-pdb', index: -1 },
      { type: 'openEvidence', itemId: 't2-pdb', index: 1.5 },
      { type: 'addMissing', itemId: 'x'.repeat(500) },
      { type: 'setProject', project: 42 },
      { type: 'setProject', project: '' },
      { type: 'setProject', project: 'x'.repeat(5000) },
    ]) {
      assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
    }
  });
});

describe('messages from the resource map', () => {
  it('accepts ready, refresh and open by node id only', () => {
    assert.deepEqual(parseMapMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMapMessage({ type: 'refresh', graph: {} }), { type: 'refresh' });
    assert.deepEqual(parseMapMessage({ type: 'open', id: '/ws/app.yaml#0', file: '/etc/passwd' }), { type: 'open', id: '/ws/app.yaml#0' });
  });

  it('drops anything else', () => {
    for (const raw of [null, 'open', { type: 'open' }, { type: 'open', id: 7 }, { type: 'open', id: '' }, { type: 'open', id: 'x'.repeat(5000) }, { type: 'openFile', path: '/etc/passwd' }]) {
      assert.equal(parseMapMessage(raw), undefined, JSON.stringify(raw));
    }
  });
});
