/**
 * schema-validation's note on a custom resource no bundled or workspace schema describes: generated bundles
 * use a few such CRDs (external-dns, multi-cluster Services); test/long/generate-bundles checks the notes exactly.
 */
export function isUnschemedNote(finding: { rule: string; severity: string; message: string }): boolean {
  return finding.rule === 'schema-validation' && finding.severity === 'info' && finding.message.startsWith('No schema known for ');
}
