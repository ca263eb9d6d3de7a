// What navigation requests share: the object and path under the cursor of an open document, and
// engine nodes (an object and a path inside it) as LSP locations.
import type { Location, TextDocumentPositionParams } from 'vscode-languageserver';
import type { NodeRef } from '../engine/links/lens';
import { uniqueBy } from '../engine/unique';
import { locate } from '../engine/yaml/locate';
import { pathAtOffset, type PathAtOffset } from '../engine/yaml/pathAt';
import type { OpenDocuments } from './lintPipeline';
import { pathToUri } from './uri';

/** The object and path at a request's position; undefined outside objects or for unknown documents. */
export function cursorOf(documents: OpenDocuments, params: TextDocumentPositionParams): PathAtOffset | undefined {
  const document = documents.get(params.textDocument.uri);
  if (!document) return undefined;
  const file = documents.ensureParsed(document);
  return pathAtOffset(file, document.offsetAt(params.position));
}

/** The URI of an engine file: open documents are indexed under their URI's path, so the path maps back. */
export function nodeLocation(node: NodeRef): Location {
  return { uri: pathToUri(node.object.file.path), range: locate(node.object, node.path) };
}

/** Locations of nodes, each once, in the order given. */
export function uniqueLocations(nodes: readonly NodeRef[]): Location[] {
  return uniqueBy(nodes.map(nodeLocation), (location) => `${location.uri}:${location.range.start.line}:${location.range.start.character}`);
}
