// The publish of an open document's diagnostics, and its wire form over a stream transport (stdio).
// A keystroke re-lints one document of a file, and the incremental lint hands back the same Finding
// objects for everything it did not run again (ranges unmoved). So each finding's diagnostic and its
// UTF-8 JSON are kept by finding, and a publish concatenates the kept bytes, encoding only the new
// findings: two thousand unchanged diagnostics cost a copy of 1.2 MB instead of a JSON.stringify of it.
// The params every transport sends (and any reader of them) are the same as before. Over IPC (VS
// Code's transport) Node serializes messages itself, so only the diagnostic objects are reused there.
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';
import type { Finding } from '../engine/lint/lint';
import { toDiagnostic, type DiagnosticData } from './diagnostics';

interface EncodedFinding {
  /** The finding's diagnostic for version 0; a publish copies it with its own version. */
  diagnostic: Diagnostic;
  /** Its UTF-8 JSON without the version and the two braces closing data and the diagnostic (data, the last property, ends with the version). */
  head: Buffer;
}

const encodedFindings = new WeakMap<Finding, EncodedFinding>();
/** The UTF-8 JSON of the params publishParams made, as the parts to join, built when the stream encoder asks for them. */
const encodedParams = new WeakMap<object, () => Buffer[]>();
const VERSION_TAIL = '0}}';

function encoded(finding: Finding): EncodedFinding {
  let entry = encodedFindings.get(finding);
  if (!entry) {
    const diagnostic = toDiagnostic(finding, 0);
    entry = { diagnostic, head: Buffer.from(JSON.stringify(diagnostic).slice(0, -VERSION_TAIL.length)) };
    encodedFindings.set(finding, entry);
  }
  return entry;
}

function withVersion(diagnostic: Diagnostic, version: number): Diagnostic {
  const data: DiagnosticData = { ...(diagnostic.data as DiagnosticData), version };
  return { ...diagnostic, data };
}

/**
 * The params of textDocument/publishDiagnostics: `leading` (made fresh each time, few) then the
 * findings' diagnostics for `version`, as toDiagnostic makes them.
 */
export function publishParams(uri: string, version: number, leading: readonly Diagnostic[], findings: readonly Finding[]): PublishDiagnosticsParams {
  const entries = findings.map(encoded);
  const params = { uri, version, diagnostics: [...leading, ...entries.map((entry) => withVersion(entry.diagnostic, version))] };
  encodedParams.set(params, () => {
    const parts: Buffer[] = [Buffer.from(`{"uri":${JSON.stringify(uri)},"version":${version},"diagnostics":[`)];
    const comma = Buffer.from(',');
    const addDiagnostic = (...pieces: Buffer[]): void => {
      if (parts.length > 1) parts.push(comma);
      parts.push(...pieces);
    };
    for (const diagnostic of leading) addDiagnostic(Buffer.from(JSON.stringify(diagnostic)));
    const versionTail = Buffer.from(`${version}}}`);
    for (const entry of entries) addDiagnostic(entry.head, versionTail);
    parts.push(Buffer.from(']}'));
    return parts;
  });
  return params;
}

/**
 * A message as vscode-jsonrpc's JSON encoder writes it (the same bytes), except that a publish made
 * by publishParams (in UTF-8, the only charset LSP allows) is joined from its findings' kept JSON.
 * A notification is `{jsonrpc, method, params}` in that order.
 */
export function encodeMessage(message: Message, charset: BufferEncoding): Buffer {
  const params = 'params' in message && typeof message.params === 'object' && message.params !== null ? encodedParams.get(message.params) : undefined;
  if (params && 'method' in message && charset === 'utf-8') {
    const head = Buffer.from(`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(message.method)},"params":`);
    return Buffer.concat([head, ...params(), Buffer.from('}')]);
  }
  return Buffer.from(JSON.stringify(message, undefined, 0), charset);
}

export const publishAwareEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      return Promise.resolve(encodeMessage(message, options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
