// The namespaces a bundle deploys into, each enforcing the restricted Pod Security Standard: the app's (one per environment),
// and those of the platform controllers later tiers install.
import { namespaceWithPodSecurity } from '../../builders';
import { appNamespaces } from '../application';
import { platformNamespaces } from '../layout';
import { definePart, platformObject } from '../part';

export default definePart({
  id: 't1-namespaces',
  tier: 1,
  entries: (options) => [...appNamespaces(options), ...platformNamespaces(options)].map((namespace) => platformObject('namespaces.yaml', namespaceWithPodSecurity(namespace))),
});
