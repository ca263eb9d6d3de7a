// The operator scaffolding of tier 5: Kubebuilder's PROJECT file for a Tenant API.
import { definePart } from '../part';
import { toYaml } from '../yamlText';

export default definePart({
  id: 't5-operator',
  tier: 5,
  entries: (options) => {
    const domain = `${options.name}.example.com`;
    const content = toYaml(
      {
        domain,
        layout: ['go.kubebuilder.io/v4'],
        projectName: `${options.name}-operator`,
        repo: `example.com/${options.name}-operator`,
        resources: [{ api: { crdVersion: 'v1', namespaced: true }, controller: true, domain, group: 'apps', kind: 'Tenant', version: 'v1alpha1' }],
        version: '3',
      },
      { indentSeq: false },
    );
    return [{ area: 'file', file: 'operator/PROJECT', content }];
  },
});
