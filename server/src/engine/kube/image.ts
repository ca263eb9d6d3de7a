// Container image references: `[registry[:port]/]path[:tag][@digest]`.

export interface ImageReference {
  /** Everything before the tag and digest (registry, port and path). */
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits an image reference; a colon before the last slash is a registry port, not a tag. */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const reference = at === -1 ? image : image.slice(0, at);
  const colon = reference.indexOf(':', reference.lastIndexOf('/') + 1);
  return {
    name: colon === -1 ? reference : reference.slice(0, colon),
    tag: colon === -1 ? undefined : reference.slice(colon + 1),
    digest,
  };
}

export function formatImage(reference: ImageReference): string {
  return `${reference.name}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}

/** `${IMAGE}`, `$(TAG)`, `{{ .Values.image }}`, `<image>`: filled in by a tool before deploy, so not judged. */
export function isImagePlaceholder(image: string): boolean {
  return /\$\{|\$\(|\{\{|<[^>]*>/.test(image);
}

/** A string image reference worth judging: neither empty, another type, nor a placeholder. */
export function concreteImage(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && !isImagePlaceholder(value) ? value.trim() : undefined;
}

export function isDigestPinned(reference: ImageReference): boolean {
  return reference.digest?.startsWith('sha256:') === true;
}
