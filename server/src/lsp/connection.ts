// The server's connection. Over stdio it is built here, so that its writer encodes publishes with
// publishAwareEncoder (publishWire.ts); the other transports (VS Code's IPC, sockets, pipes) are made
// by vscode-languageserver from the command line, as before.
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { publishAwareEncoder } from './publishWire';

export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: publishAwareEncoder });
  // stdin stays a stream, so the library still ends the process when the client goes away. At run time
  // it wraps only what is a stream and takes a MessageWriter as it is; its typings pair streams with
  // streams and a reader with a writer, hence the cast.
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  redirectConsole(connection);
  return connection;
}

/**
 * stdout carries the protocol: what code prints with console goes to the client's log instead, as
 * vscode-languageserver arranges for the stdio connection it makes itself.
 */
function redirectConsole(connection: Connection): void {
  const to =
    (log: (message: string) => void) =>
    (...args: unknown[]): void =>
      log(format(...args));
  console.log = to((message) => connection.console.log(message));
  console.info = to((message) => connection.console.info(message));
  console.debug = to((message) => connection.console.debug(message));
  console.warn = to((message) => connection.console.warn(message));
  console.error = to((message) => connection.console.error(message));
}
