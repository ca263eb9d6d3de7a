// Puts each finding on the node of the object it is about: the file it is reported in and the kind
// and name of its object (for a rendered object, the object as rendered). File-level findings (YAML
// syntax) belong to no object and stay off the map.
import type { Finding } from '../lint/lint';
import { severityRank } from '../types';
import type { MapNode, ResourceGraph } from './model';

function key(file: string, kind: string, name: string): string {
  return `${file}\0${kind}\0${name}`;
}

/** The graph with every node's findings (most severe first) and its worst severity; `findingsByFile` by the path nodes carry. */
export function withFindings(graph: ResourceGraph, findingsByFile: ReadonlyMap<string, readonly Finding[]>): ResourceGraph {
  const byObject = new Map<string, MapNode[]>();
  const nodes = graph.nodes.map((node) => ({ ...node, findings: [...node.findings] }));
  for (const node of nodes) {
    if (!node.file) continue;
    const list = byObject.get(key(node.file, node.kind, node.name)) ?? [];
    list.push(node);
    byObject.set(key(node.file, node.kind, node.name), list);
  }
  for (const [file, findings] of findingsByFile) {
    for (const finding of findings) {
      const object = finding.rendered?.object ?? finding.object;
      if (!object) continue;
      for (const node of byObject.get(key(file, object.kind, object.name ?? '')) ?? []) {
        node.findings.push({ ruleId: finding.ruleId, severity: finding.severity, message: finding.message });
      }
    }
  }
  for (const node of nodes) {
    node.findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    node.worst = node.findings[0]?.severity;
  }
  return { ...graph, nodes };
}
