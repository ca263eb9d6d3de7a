// The resource map's layout (webview/map/layout.ts, dagre inside) run in Node: boxes never overlap,
// every edge runs from its source box to its target box (also where a layout is reused for an alike
// group), hubs are drawn over the layout, namespaces frame their nodes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EdgeLabel, MapEdge, MapNode } from '../../server/src/engine/graph/model';
import { layoutMap, type Box, type MapLayout, type Point } from '../../webview/map/layout';

function node(id: string, kind: string, namespace = 'shop'): MapNode {
  return { id, kind, name: id, namespace, findings: [] };
}

function edge(from: string, to: string, label: EdgeLabel): MapEdge {
  return { from, to, label };
}

/** An application: Ingress -> Service -> Deployment <- HPA, PDB; Deployment -> ConfigMap. */
function application(prefix: string, namespace: string): { nodes: MapNode[]; edges: MapEdge[] } {
  const id = (kind: string) => `${prefix}-${kind}`;
  return {
    nodes: ['Ingress', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap'].map((kind) => node(id(kind), kind, namespace)),
    edges: [
      edge(id('Ingress'), id('Service'), 'routes to'),
      edge(id('Service'), id('Deployment'), 'selects'),
      edge(id('HorizontalPodAutoscaler'), id('Deployment'), 'scales'),
      edge(id('PodDisruptionBudget'), id('Deployment'), 'protects'),
      edge(id('Deployment'), id('ConfigMap'), 'env from'),
    ],
  };
}

function near(point: Point, box: Box, slack = 2): boolean {
  return point.x >= box.x - slack && point.x <= box.x + box.width + slack && point.y >= box.y - slack && point.y <= box.y + box.height + slack;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function checkGeometry(layout: MapLayout): void {
  const boxes = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
  for (let i = 0; i < layout.nodes.length; i++) {
    for (let j = i + 1; j < layout.nodes.length; j++) assert.ok(!overlap(layout.nodes[i], layout.nodes[j]), `${layout.nodes[i].node.id} overlaps ${layout.nodes[j].node.id}`);
  }
  for (const placed of layout.edges) {
    assert.ok(placed.points.length >= 2, `${placed.edge.from} -> ${placed.edge.to} has a path`);
    assert.ok(near(placed.points[0], boxes.get(placed.edge.from)!), `${placed.edge.from} -> ${placed.edge.to} starts at its source`);
    assert.ok(near(placed.points.at(-1)!, boxes.get(placed.edge.to)!), `${placed.edge.from} -> ${placed.edge.to} ends at its target`);
  }
  for (const placed of layout.nodes) {
    const frame = layout.groups.find((group) => group.namespace === placed.node.namespace)!;
    assert.ok(placed.x >= frame.x && placed.y >= frame.y && placed.x + placed.width <= frame.x + frame.width && placed.y + placed.height <= frame.y + frame.height, `${placed.node.id} inside its namespace frame`);
  }
}

describe('resource map layout', () => {
  it('lays out alike applications alike, each edge between its own two boxes', () => {
    const apps = [application('a', 'shop'), application('b', 'shop'), application('c', 'pay')];
    const layout = layoutMap(apps.flatMap((app) => app.nodes), apps.flatMap((app) => app.edges));
    assert.equal(layout.nodes.length, 18);
    assert.equal(layout.edges.length, 15);
    assert.deepEqual(layout.groups.map((group) => group.namespace).sort(), ['pay', 'shop']);
    checkGeometry(layout);
    const relative = (prefix: string) => {
      const own = layout.nodes.filter((placed) => placed.node.id.startsWith(`${prefix}-`));
      const origin = own.find((placed) => placed.node.kind === 'Deployment')!;
      return own.map((placed) => `${placed.node.kind}@${placed.x - origin.x},${placed.y - origin.y}`).sort();
    };
    assert.deepEqual(relative('b'), relative('a'));
    assert.deepEqual(relative('c'), relative('a'));
  });

  it('does not reuse a layout for a group of the same kinds wired differently', () => {
    const plain = application('a', 'shop');
    const rewired = application('b', 'shop');
    // The same kinds and labels, wired otherwise: the Service, not the Deployment, takes env from the ConfigMap.
    rewired.edges = rewired.edges.map((entry) => (entry.label === 'env from' ? edge('b-Service', 'b-ConfigMap', 'env from') : entry));
    const layout = layoutMap([...plain.nodes, ...rewired.nodes], [...plain.edges, ...rewired.edges]);
    checkGeometry(layout);
  });

  it("draws a hub's edges straight over the layout instead of joining the namespace into one group", () => {
    const apps = Array.from({ length: 14 }, (_, i) => application(`app${i}`, 'shop'));
    const policy = node('deny-all', 'NetworkPolicy');
    const selects = apps.map((app) => edge('deny-all', app.nodes[2].id, 'selects'));
    const layout = layoutMap([policy, ...apps.flatMap((app) => app.nodes)], [...selects, ...apps.flatMap((app) => app.edges)]);
    checkGeometry(layout);
    const hubEdges = layout.edges.filter((placed) => placed.edge.from === 'deny-all');
    assert.equal(hubEdges.length, 14);
    assert.ok(hubEdges.every((placed) => placed.points.length === 2), 'straight lines');
  });

  it('lays out nothing as an empty map', () => {
    const layout = layoutMap([], []);
    assert.deepEqual([layout.nodes.length, layout.edges.length, layout.groups.length, layout.width, layout.height], [0, 0, 0, 0, 0]);
  });
});
