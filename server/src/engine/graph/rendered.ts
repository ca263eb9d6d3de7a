// Where the objects a chart or overlay rendered are written, for the map: their template or resource
// line (the render engine's own mapping) and a label naming the chart and value set, or the overlay.
import type { RenderGroup } from '../render/lintrendered';
import { mapRendered } from '../render/interpret';
import type { FileReader } from '../render/patches';
import type { KubeObject } from '../yaml/model';
import { NAME_PATH } from '../links/resolve';
import type { RenderedPlace } from './build';

/** "Helm chart `web` (values-prod.yaml)", "Kustomize overlay `overlays/prod`": backticks dropped, the map shows plain text. */
function originLabel(label: string, valueSet: string | undefined): string {
  const plain = label.replace(/`/g, '');
  return valueSet ? `${plain} (${valueSet})` : plain;
}

/** Every rendered object of the groups, with its place; objects of other groups are not in the map's index. */
export function renderedPlaces(groups: Iterable<RenderGroup>, read: FileReader, readText: (file: string) => string | undefined): Map<KubeObject, RenderedPlace> {
  const places = new Map<KubeObject, RenderedPlace>();
  for (const group of groups) {
    for (const file of group.files) {
      for (const object of file.parsed.objects) {
        const mapped = mapRendered(file, object, NAME_PATH, read, readText);
        places.set(object, { file: mapped.path, range: mapped.range, origin: originLabel(file.target.label, file.valueSet?.label) });
      }
    }
  }
  return places;
}
