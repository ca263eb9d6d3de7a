// kubetier's own requests: the tier of a document (status bar), the checklist and the files that
// complete one of its items, and the server's work counters.
import type { Connection } from 'vscode-languageserver';
import { describeTierSource } from '../engine/lint/config';
import type { ConfigCache } from '../engine/workspace/disk';
import { CHECKLIST_ITEMS } from '../checklist';
import { generatedPart } from '../checklist/part';
import { nameProblem } from '../generator';
import {
  CHECKLIST_PART_REQUEST,
  CHECKLIST_REQUEST,
  TIER_INFO_REQUEST,
  type ChecklistParams,
  type ChecklistPartParams,
  type ChecklistPartResult,
  type ChecklistView,
  type TierInfo,
  type TierInfoParams,
} from '../protocol';
import { checklistView, type ChecklistSources } from './checklist';
import type { ClientState } from './clientState';
import type { OpenDocuments } from './lintPipeline';
import { toHostSettings } from './settings';
import { SERVER_STATS_REQUEST, type ServerCounters } from './stats';
import { pathToUri, uriToPath } from './uri';

export interface KubetierRequestsHost {
  documents: OpenDocuments;
  client: ClientState;
  /** The workspace as deployed: charts and overlays as what they render. */
  deployed(): Pick<ChecklistSources, 'index' | 'sourceOf'>;
  configs: ConfigCache;
  counters: ServerCounters;
}

export function registerKubetierRequests(connection: Connection, { documents, client, deployed, configs, counters }: KubetierRequestsHost): void {
  connection.onRequest(TIER_INFO_REQUEST, async (params: TierInfoParams): Promise<TierInfo | null> => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const { resolved } = await documents.settingsOf(document);
    const config = params.uri.startsWith('file:') ? configs.forFile(uriToPath(params.uri)) : undefined;
    const info: TierInfo = { tier: resolved.tier, source: describeTierSource(resolved.tierSource), kubernetesVersion: resolved.kubernetesVersion };
    return config && config.problems.length > 0 ? { ...info, configProblems: config.problems.map((problem) => `${config.path}: ${problem}`) } : info;
  });

  connection.onRequest(SERVER_STATS_REQUEST, () => counters.snapshot());

  connection.onRequest(CHECKLIST_PART_REQUEST, (params: ChecklistPartParams): ChecklistPartResult => {
    const item = CHECKLIST_ITEMS.find((candidate) => candidate.id === params?.itemId);
    return { files: item && typeof params.name === 'string' && !nameProblem(params.name) ? generatedPart(item, params.name) : [] };
  });

  connection.onRequest(CHECKLIST_REQUEST, async (params: ChecklistParams | null): Promise<ChecklistView> => {
    const [firstFolder] = client.folderPaths;
    const folderSettings = firstFolder ? toHostSettings(await documents.folderSettings(pathToUri(firstFolder)), client.redhatYamlActive) : {};
    return checklistView({ ...deployed(), configs, folders: client.folderPaths, folderSettings }, params ?? undefined);
  });
}
