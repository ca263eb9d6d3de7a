// textDocument/codeLens: on workloads, what selects and scales them; on Services, PDBs, NetworkPolicies
// and monitors, what they select. A click lists the locations (the client's SHOW_LINKS_COMMAND).
import type { CodeLens, Connection } from 'vscode-languageserver';
import { linkSummaries } from '../engine/links/lens';
import { kindRange } from '../engine/yaml/locate';
import { SHOW_LINKS_COMMAND } from '../protocol';
import type { NavigationHost } from './definitionHandler';
import { uniqueLocations } from './navigation';

export function registerCodeLens(connection: Connection, { documents, index }: NavigationHost): void {
  connection.onCodeLens((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const file = documents.ensureParsed(document);
    return file.objects.flatMap((object) =>
      linkSummaries(index, object).map((summary): CodeLens => {
        const range = kindRange(object);
        return { range, command: { title: summary.title, command: SHOW_LINKS_COMMAND, arguments: [params.textDocument.uri, range.start, uniqueLocations(summary.targets)] } };
      }),
    );
  });
}
