// textDocument/hover: kubetier's findings under the cursor, then the schema's description of the key.
import type { Connection, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rule } from '../engine/lint/rule';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import { combineHovers, findingsHover, type HoverPart } from './hover';
import type { OpenDocuments } from './lintPipeline';
import { schemaHover } from './schemaFeatures';

export interface HoverHost {
  documents: OpenDocuments;
  index: WorkspaceIndex;
  rulesById: ReadonlyMap<string, Rule>;
}

type HoverProvider = (document: TextDocument, position: Position) => HoverPart | undefined | Promise<HoverPart | undefined>;

/** Hover providers, asked in order; their parts are joined into one hover. */
function hoverProviders({ documents, index, rulesById }: HoverHost): HoverProvider[] {
  return [
    (document, position) => findingsHover(documents.lintSnapshot(document), position, rulesById),
    async (document, position) => {
      const { schemaEnabled, resolved } = await documents.settingsOf(document);
      if (!schemaEnabled) return undefined;
      return schemaHover({ text: document.getText(), position, kubernetesVersion: resolved.kubernetesVersion, index });
    },
  ];
}

export function registerHover(connection: Connection, host: HoverHost): void {
  const providers = hoverProviders(host);
  connection.onHover(async (params) => {
    const document = host.documents.get(params.textDocument.uri);
    if (!document) return null;
    const parts = await Promise.all(providers.map((provider) => provider(document, params.position)));
    return combineHovers(parts);
  });
}
