// The resource map as text a pull request or a README can show: Mermaid, Graphviz DOT, or JSON.
// Nodes get short generated ids; every workspace string goes into a label, escaped for its format.
import type { MapNode, ResourceGraph } from '../engine/graph/model';
import type { Severity } from '../engine/types';
import { displayPath } from './format';

/** The class a node carries: its worst finding, "clean", or "missing". */
export function nodeClass(node: MapNode): Severity | 'clean' | 'missing' {
  return node.missing ? 'missing' : (node.worst ?? 'clean');
}

const CLASS_COLOURS: Record<ReturnType<typeof nodeClass>, { fill: string; stroke: string }> = {
  error: { fill: '#f8d7da', stroke: '#c62828' },
  warning: { fill: '#fff3cd', stroke: '#b26a00' },
  info: { fill: '#dbeafe', stroke: '#1d4ed8' },
  hint: { fill: '#eef2f7', stroke: '#64748b' },
  clean: { fill: '#dcfce7', stroke: '#15803d' },
  missing: { fill: '#ffffff', stroke: '#6b7280' },
};

function nodeText(node: MapNode): string[] {
  const lines = [node.kind, node.name === '' ? '(no name)' : node.name];
  if (node.origin) lines.push(node.origin);
  if (node.missing) lines.push('missing');
  else if (node.findings.length > 0) lines.push(`${node.findings.length} finding${node.findings.length === 1 ? '' : 's'} (${node.worst})`);
  return lines;
}

function namespaceTitle(namespace: string): string {
  return namespace === '' ? 'cluster-scoped' : `namespace ${namespace}`;
}

function byNamespace(graph: ResourceGraph): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  graph.nodes.forEach((node, i) => groups.set(node.namespace, [...(groups.get(node.namespace) ?? []), i]));
  return groups;
}

function idsOf(graph: ResourceGraph): Map<string, string> {
  return new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
}

/** Mermaid label text: anything but plain word characters as an entity code (`#34;`), so no name can close the label or start markup. */
export function mermaidText(text: string): string {
  return [...text].map((char) => (/[A-Za-z0-9 ._\-/:,=()]/.test(char) ? char : `#${char.codePointAt(0)};`)).join('');
}

export function graphMermaid(graph: ResourceGraph): string {
  const ids = idsOf(graph);
  const out = ['flowchart LR'];
  if (graph.notice) out.push(`  %% ${mermaidText(graph.notice)}`);
  [...byNamespace(graph)].forEach(([namespace, members], g) => {
    out.push(`  subgraph ns${g}["${mermaidText(namespaceTitle(namespace))}"]`);
    for (const i of members) out.push(`    n${i}["${nodeText(graph.nodes[i]).map(mermaidText).join('<br/>')}"]:::${nodeClass(graph.nodes[i])}`);
    out.push('  end');
  });
  for (const edge of graph.edges) out.push(`  ${ids.get(edge.from)} ${edge.missing ? '-.->' : '-->'}|${edge.label}| ${ids.get(edge.to)}`);
  for (const [name, colour] of Object.entries(CLASS_COLOURS)) {
    out.push(`  classDef ${name} fill:${colour.fill},stroke:${colour.stroke}${name === 'missing' ? ',stroke-dasharray:4 3' : ''}`);
  }
  return out.join('\n');
}

/** A DOT double-quoted string: backslash and quote escaped, line breaks as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
}

export function graphDot(graph: ResourceGraph): string {
  const ids = idsOf(graph);
  const out = ['digraph resources {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];'];
  if (graph.notice) out.push(`  label=${dotString(graph.notice)};`);
  [...byNamespace(graph)].forEach(([namespace, members], g) => {
    out.push(`  subgraph cluster_${g} {`, `    label=${dotString(namespaceTitle(namespace))};`);
    for (const i of members) {
      const node = graph.nodes[i];
      const cls = nodeClass(node);
      const colour = CLASS_COLOURS[cls];
      const style = cls === 'missing' ? ', style="rounded,dashed,filled"' : '';
      out.push(`    n${i} [label=${dotString(nodeText(node).join('\n'))}, class=${dotString(cls)}, fillcolor=${dotString(colour.fill)}, color=${dotString(colour.stroke)}${style}];`);
    }
    out.push('  }');
  });
  for (const edge of graph.edges) out.push(`  ${ids.get(edge.from)} -> ${ids.get(edge.to)} [label=${dotString(edge.label)}${edge.missing ? ', style=dashed' : ''}];`);
  out.push('}');
  return out.join('\n');
}

/** JSON: the graph as the server sends it to the map, files relative to `cwd`. */
export function graphJson(graph: ResourceGraph, cwd: string): string {
  const nodes = graph.nodes.map((node) => ({ ...node, class: nodeClass(node), ...(node.file ? { file: displayPath(node.file, cwd) } : {}) }));
  return JSON.stringify({ ...graph, nodes }, null, 2);
}
