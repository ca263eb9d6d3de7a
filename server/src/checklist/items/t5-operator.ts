import * as path from 'path';
import { isWorkload } from '../../engine/kube/objects';
import { defineChecklistItem, done, fileEvidence, missing, objectEvidence, objectsOfKind } from '../item';

export default defineChecklistItem({
  id: 't5-operator',
  tier: 5,
  title: 'Custom operator scaffolding',
  criteria: 'A Kubebuilder PROJECT file, or a CustomResourceDefinition together with a controller/manager workload.',
  detect(workspace) {
    const projects = workspace.otherFiles.filter((file) => path.basename(file) === 'PROJECT' && /layout:|domain:/.test(workspace.readText(file) ?? ''));
    if (projects.length > 0) return done(projects.map((file) => fileEvidence(file, 'Kubebuilder PROJECT')));
    const crds = objectsOfKind(workspace, 'CustomResourceDefinition', 'apiextensions.k8s.io');
    const controllers = [...workspace.index.objects()].filter((object) => isWorkload(object) && /controller|manager|operator/.test(object.name ?? ''));
    if (crds.length > 0 && controllers.length > 0) return done([...crds, ...controllers].map(objectEvidence));
    return missing('No Kubebuilder PROJECT file, nor a CRD with a controller workload.');
  },
});
