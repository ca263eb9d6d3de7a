// `kubetier/resourceMap`: the workspace's resource map for the client's webview. Objects of charts
// and overlays appear as rendered (in place of the files the renders stand for); findings are each
// file's own at its tier, as the Problems panel shows them, plus those of the rendered objects.
import type { Connection } from 'vscode-languageserver';
import { buildResourceGraph } from '../engine/graph/build';
import { withFindings } from '../engine/graph/findings';
import { focusGraph } from '../engine/graph/focus';
import type { ResourceGraph } from '../engine/graph/model';
import { renderedPlaces } from '../engine/graph/rendered';
import { resolveSettings, type HostSettings } from '../engine/lint/config';
import { lintFile, type Finding } from '../engine/lint/lint';
import { deployedWorkspace } from '../engine/render/deployed';
import type { RenderedLintOptions } from '../engine/render/lintrendered';
import type { ProjectRender } from '../engine/render/renderproject';
import { loadFile, type ConfigCache } from '../engine/workspace/disk';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import type { ParsedFile } from '../engine/yaml/model';
import { RESOURCE_MAP_REQUEST, type ResourceMapParams } from '../protocol';
import { RULES } from '../rules';
import type { ClientState } from './clientState';
import type { OpenDocuments } from './lintPipeline';
import type { RenderService } from './renderService';
import { toHostSettings } from './settings';
import { pathToUri, uriToPath } from './uri';

export interface ResourceMapHost {
  documents: OpenDocuments;
  client: ClientState;
  index: WorkspaceIndex;
  configs: ConfigCache;
  renders: RenderService;
}

/** The index the map reads: the workspace's, or with the renders' objects in place of the files they stand for. */
function mapIndex(index: WorkspaceIndex, render: ProjectRender | undefined, readers: Pick<RenderedLintOptions, 'read' | 'readText'>): WorkspaceIndex {
  if (!render || render.primary.size === 0) return index;
  return WorkspaceIndex.of(deployedWorkspace([...index.allFiles()], render, readers).files);
}

function findingsByFile(host: ResourceMapHost, folderSettings: HostSettings): Map<string, Finding[]> {
  const found = new Map<string, Finding[]>();
  for (const file of host.index.allFiles()) {
    const rendered = host.renders.findingsFor(file.path);
    if (host.renders.standsFor(file.path)) {
      found.set(file.path, rendered);
      continue;
    }
    const settings = resolveSettings(file.text, host.configs.forFile(file.path), folderSettings);
    found.set(file.path, [...lintFile(file, { settings, index: host.index, rules: RULES }), ...rendered]);
  }
  return found;
}

/** File paths as URIs: the client opens them. */
function withUris(graph: ResourceGraph): ResourceGraph {
  return { ...graph, nodes: graph.nodes.map((node) => (node.file ? { ...node, file: pathToUri(node.file) } : node)) };
}

export function registerResourceMap(connection: Connection, host: ResourceMapHost): void {
  connection.onRequest(RESOURCE_MAP_REQUEST, async (params: ResourceMapParams | null): Promise<ResourceGraph> => {
    const [firstFolder] = host.client.folderPaths;
    const folderSettings = firstFolder ? toHostSettings(await host.documents.folderSettings(pathToUri(firstFolder)), host.client.redhatYamlActive) : {};
    const render = host.renders.latest();
    const read = (filePath: string): ParsedFile | undefined => {
      const known = host.index.get(filePath);
      if (known) return known;
      const loaded = loadFile(filePath);
      return 'file' in loaded ? loaded.file : undefined;
    };
    const readers = { read, readText: (filePath: string) => read(filePath)?.text };
    const index = mapIndex(host.index, render, readers);
    const places = render ? renderedPlaces(render.primary, read, readers.readText) : new Map();
    const graph = withFindings(buildResourceGraph({ index, renderedPlace: (object) => places.get(object) }), findingsByFile(host, folderSettings));
    const active = typeof params?.uri === 'string' ? uriToPath(params.uri) : undefined;
    return withUris(focusGraph(graph, active));
  });
}
