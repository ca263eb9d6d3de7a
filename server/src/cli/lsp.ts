// `kubetier lsp --stdio`: the language server the VS Code extension runs (dist/server.js), for any
// editor with an LSP client. bin/kubetier-language-server.js starts the same file.
import * as path from 'path';

/** The transports vscode-languageserver reads from the command line. */
const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

/** Editors that start the server without naming a transport get stdio, the one every client speaks. */
export function serverArgv(argv: readonly string[]): string[] {
  return argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg.startsWith(flag))) ? [...argv] : [...argv, '--stdio'];
}

/** Starts the server in this process; it keeps the process alive until the client sends `exit`. */
export function startLanguageServer(serverScript = path.join(__dirname, 'server.js')): void {
  process.argv = serverArgv(process.argv);
  // A runtime path: the CLI bundle must not inline the server, which ships beside it in dist/.
  require(serverScript);
}
