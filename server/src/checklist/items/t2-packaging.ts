import * as path from 'path';
import { asArray } from '../../engine/kube/objects';
import { defineChecklistItem, documentEvidence, documentsOfFiles, done, missing } from '../item';

const KUSTOMIZATION = /^kustomization\.ya?ml$/;

export default defineChecklistItem({
  id: 't2-packaging',
  tier: 2,
  title: 'Helm chart (Chart.yaml) or Kustomize base + overlays',
  criteria: 'A Chart.yaml, or a kustomization whose resources include another kustomization folder (an overlay over a base).',
  detect(workspace) {
    const charts = documentsOfFiles(workspace, /^Chart\.yaml$/).filter((entry) => typeof entry.value.name === 'string');
    if (charts.length > 0) return done(charts.map((entry) => documentEvidence(entry, `Helm chart ${String(entry.value.name)}`)));
    const kustomizations = documentsOfFiles(workspace, KUSTOMIZATION);
    const folders = new Set(kustomizations.map((entry) => path.resolve(path.dirname(entry.file.path))));
    const overlays = kustomizations.filter((entry) =>
      [...asArray(entry.value.resources), ...asArray(entry.value.bases)].some(
        (resource) => typeof resource === 'string' && folders.has(path.resolve(path.dirname(entry.file.path), resource)),
      ),
    );
    if (overlays.length > 0) return done(overlays.map((entry) => documentEvidence(entry, `Kustomize overlay ${path.basename(path.dirname(entry.file.path))}`)));
    return missing(kustomizations.length > 0 ? 'Kustomizations found, but no overlay builds on a base.' : 'No Chart.yaml or kustomization.yaml found.');
  },
});
