#!/usr/bin/env node
'use strict';
// The kubetier language server for any editor's LSP client (the same dist/server.js the VS Code
// extension runs); speaks stdio unless --node-ipc or --socket=N is given.
require('../dist/cli.js').startLanguageServer();
