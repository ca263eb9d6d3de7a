// textDocument/foldingRange: each YAML document and each multi-line map or sequence (the editor's
// indentation folding is replaced once a server answers, so nested blocks fold too).
import type { Connection } from 'vscode-languageserver';
import { foldingLines } from '../engine/yaml/outline';
import type { OpenDocuments } from './lintPipeline';

export function registerFoldingRanges(connection: Connection, documents: OpenDocuments): void {
  connection.onFoldingRanges((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? foldingLines(documents.ensureParsed(document)) : null;
  });
}
