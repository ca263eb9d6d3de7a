// The shared vocabulary of the object builders: a manifest is a plain object, ready for the YAML writer
// (generator) or an addDocument fix operation (rules).

export type Manifest = Record<string, unknown>;
export type Labels = Record<string, string>;

/** metadata with the name first, the namespace only when there is one (cluster-scoped objects, fixes for objects without one), then the rest. */
export function objectMeta(name: string, namespace: string | undefined, extra: Manifest = {}): Manifest {
  return { name, ...(namespace ? { namespace } : {}), ...extra };
}

/** `labels` in metadata only when there are some. */
export function withLabels(labels: Labels | undefined): Manifest {
  return labels && Object.keys(labels).length > 0 ? { labels } : {};
}
