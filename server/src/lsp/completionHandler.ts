// textDocument/completion: kubetier's own completions (modelines, annotations, rule ids) merged with
// schema completions when schemas are kubetier's to give.
import type { Connection } from 'vscode-languageserver';
import type { Rule } from '../engine/lint/rule';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import { bundledSchemas } from '../schema/store';
import type { OpenDocuments } from './lintPipeline';
import { rankFields } from './fieldRanking';
import { nameCompletions } from './nameCompletion';
import { completeAt, requiredFieldsAt } from './schemaFeatures';
import { uriToPath } from './uri';

export interface CompletionHost {
  documents: OpenDocuments;
  index: WorkspaceIndex;
  rules: readonly Rule[];
}

/** Issuer and ClusterIssuer names in the workspace, for the cert-manager annotations. */
function certManagerIssuers(index: WorkspaceIndex): { issuers: string[]; clusterIssuers: string[] } {
  const issuers = new Set<string>();
  const clusterIssuers = new Set<string>();
  for (const object of index.objects()) {
    if (object.group !== 'cert-manager.io' || !object.name) continue;
    if (object.kind === 'Issuer') issuers.add(object.name);
    if (object.kind === 'ClusterIssuer') clusterIssuers.add(object.name);
  }
  return { issuers: [...issuers].sort(), clusterIssuers: [...clusterIssuers].sort() };
}

export function registerCompletion(connection: Connection, { documents, index, rules }: CompletionHost): void {
  const checkedRules = rules.filter((rule) => rule.check || rule.checkFile);
  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const { schemaEnabled, resolved } = await documents.settingsOf(document);
    const text = document.getText();
    const names = nameCompletions({ text, position: params.position, file: documents.ensureParsed(document), index });
    const schemaRequest = schemaEnabled ? { text, position: params.position, kubernetesVersion: resolved.kubernetesVersion, index } : undefined;
    const list = await completeAt(
      {
        text,
        position: params.position,
        filePath: uriToPath(document.uri),
        tier: resolved.tier,
        rules: checkedRules,
        kubernetesVersions: bundledSchemas()?.versions ?? [],
        issuers: () => certManagerIssuers(index),
        knownKinds: schemaEnabled ? () => bundledSchemas()?.knownKinds(resolved.kubernetesVersion) ?? [] : undefined,
      },
      schemaRequest,
    );
    const named = new Set(names.map((item) => item.label));
    const required = schemaRequest ? requiredFieldsAt(schemaRequest) : new Set<string>();
    return rankFields({ ...list, items: [...names, ...list.items.filter((item) => !named.has(item.label))] }, required);
  });
}
