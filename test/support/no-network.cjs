// Preloaded with `node --require` into the language server by test/protocol/schema-network.test.ts:
// every way out to the network (http, https, http2, net, tls, dns, fetch) is replaced by a function that
// appends what was attempted to $KUBETIER_NETWORK_LOG and throws, so a test can assert nothing tried.
'use strict';
const fs = require('node:fs');

const log = process.env.KUBETIER_NETWORK_LOG;
// Proof that the process under test really ran with this file loaded.
if (log) fs.appendFileSync(`${log}.loaded`, `${process.pid}\n`);

function blocked(what) {
  return function blockedCall(...args) {
    const target = args.find((arg) => typeof arg === 'string' || arg instanceof URL) ?? JSON.stringify(args[0] ?? null);
    if (log) fs.appendFileSync(log, `${what} ${String(target)}\n`);
    throw new Error(`network blocked in tests: ${what} ${String(target)}`);
  };
}

for (const [name, methods] of [
  ['http', ['request', 'get']],
  ['https', ['request', 'get']],
  ['http2', ['connect']],
  ['net', ['connect', 'createConnection']],
  ['tls', ['connect']],
  ['dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
]) {
  const module = require(`node:${name}`);
  for (const method of methods) module[method] = blocked(`${name}.${method}`);
}
require('node:net').Socket.prototype.connect = blocked('net.Socket.connect');
globalThis.fetch = blocked('fetch');
