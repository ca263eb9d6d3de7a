import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const ANNOTATION = 'kubernetes.io/ingress.class';

export default defineRule({
  id: 'ingress-class-annotation',
  title: 'Ingress class in spec.ingressClassName',
  category: 'networking',
  tiers: { 1: 'info' },
  rationale: 'The kubernetes.io/ingress.class annotation is deprecated since Kubernetes 1.18; controllers may ignore it in favour of spec.ingressClassName.',
  remediation: 'Move the annotation value to spec.ingressClassName and remove the annotation.',
  appliesTo: (object) => object.kind === 'Ingress',
  check({ object, report }) {
    const value = getPath(object.value, ['metadata', 'annotations', ANNOTATION]);
    if (value === undefined) return;
    report({
      path: ['metadata', 'annotations', ANNOTATION],
      message: `Class named with the deprecated ${ANNOTATION} annotation`,
      advice: 'Use spec.ingressClassName instead.',
      data: { className: typeof value === 'string' ? value : String(value) },
    });
  },
  fix: {
    title: 'Move the class to spec.ingressClassName',
    safe: true,
    operations: (object, data) => {
      const current = getPath(object.value, ['spec', 'ingressClassName']);
      return [
        ...(current === undefined ? [{ op: 'set' as const, path: ['spec', 'ingressClassName'], value: data.className }] : []),
        { op: 'remove' as const, path: ['metadata', 'annotations', ANNOTATION] },
      ];
    },
  },
});
