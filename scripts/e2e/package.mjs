// Packages the extension once for the e2e runners: `node scripts/e2e/package.mjs <outDir>` writes
// <outDir>/extension.json naming the VSIX (or, without vsce, the unpacked VSIX-equivalent folder).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageExtension } from './codeserver.mjs';

const outDir = path.resolve(process.argv[2] ?? 'out/e2e');
const pkg = packageExtension(outDir);
writeFileSync(path.join(outDir, 'extension.json'), JSON.stringify(pkg));
console.log(`e2e package: ${pkg.vsix ?? `${pkg.folder} (no @vscode/vsce: unpacked production build through .vscodeignore)`}`);
