// Secrets kubetier writes: never a value, only the object a value is sealed or synced into.
import { objectMeta, type Manifest } from './metadata';

/** An empty SealedSecret, filled by `kubeseal --merge-into`: what is written never holds a secret value. */
export function sealedSecret(name: string, namespace: string): Manifest {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: objectMeta(name, namespace),
    spec: { encryptedData: {}, template: { metadata: objectMeta(name, namespace), type: 'Opaque' } },
  };
}
