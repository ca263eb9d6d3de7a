// Verifies what a .vsix ships: the bundles, schemas, snippets, syntaxes, walkthrough pages, README and licence, and nothing
// that belongs to development (node_modules, sources, tests, source maps). Used by `npm run package`.
// Usage: node scripts/check-vsix.mjs [kubetier.vsix]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** Entry names and a reader from a zip's central directory (no dependency needed for this much). */
export function readZip(buffer) {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localHeader = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, () => {
      const start = localHeader + 30 + buffer.readUInt16LE(localHeader + 26) + buffer.readUInt16LE(localHeader + 28);
      const data = buffer.subarray(start, start + compressedSize);
      return method === 8 ? inflateRawSync(data) : data;
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function filesUnder(root, dir) {
  let names;
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const relative = `${dir}/${name}`;
    return statSync(path.join(root, relative)).isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

/** Problems with a vsix's contents, given the repository it was built from; empty when it is right. */
export function checkVsix(entries, root) {
  const problems = [];
  const names = [...entries.keys()];
  const shipped = new Set(names.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length)));
  const required = [
    'package.json',
    'dist/client.js',
    'dist/server.js',
    'dist/server-main.js',
    'dist/cli.js',
    'dist/cli-main.js',
    'dist/webview/checklist.js',
    'dist/webview/map.js',
    'media/map.css',
    'bin/kubetier.js',
    'bin/kubetier-language-server.js',
    'schemas/kubetier-config.schema.json',
    'syntaxes/kubetier-comments.injection.json',
  ];
  for (const file of required) if (!shipped.has(file)) problems.push(`missing ${file}`);
  if (![...shipped].some((file) => /^readme\.md$/i.test(file))) problems.push('missing README.md');
  if (![...shipped].some((file) => /^licen[cs]e(\.(md|txt))?$/i.test(file))) problems.push('missing LICENSE');
  // Every schema, snippet and grammar in the repository ships.
  for (const dir of ['schemas', 'snippets', 'syntaxes']) {
    for (const file of filesUnder(root, dir)) if (!shipped.has(file)) problems.push(`missing ${file}`);
  }
  for (const file of shipped) {
    if (/(^|\/)node_modules\//.test(file)) problems.push(`ships node_modules: ${file}`);
    else if (/^(server|client|test|scripts|out[^/]*|\.ci|\.cache)\//.test(file)) problems.push(`ships a development file: ${file}`);
    else if (file.endsWith('.map') || file.endsWith('.ts')) problems.push(`ships a source file: ${file}`);
  }
  const manifest = JSON.parse(entries.get('extension/package.json')?.().toString('utf8') ?? '{}');
  if (manifest.main && !shipped.has(manifest.main.replace(/^\.\//, ''))) problems.push(`main ${manifest.main} is not in the package`);
  for (const grammar of manifest.contributes?.grammars ?? []) {
    if (!shipped.has(grammar.path.replace(/^\.\//, ''))) problems.push(`grammar ${grammar.path} is not in the package`);
  }
  for (const snippet of manifest.contributes?.snippets ?? []) {
    if (!shipped.has(snippet.path.replace(/^\.\//, ''))) problems.push(`snippets ${snippet.path} are not in the package`);
  }
  // A walkthrough's pages and images ship in the package: nothing is fetched when it opens.
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      for (const media of [step.media?.markdown, step.media?.image, step.media?.svg].filter((value) => typeof value === 'string')) {
        if (!shipped.has(media.replace(/^\.\//, ''))) problems.push(`walkthrough step ${step.id}: ${media} is not in the package`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const file = process.argv[2] ?? 'kubetier.vsix';
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const entries = readZip(readFileSync(file));
  const problems = checkVsix(entries, root);
  if (problems.length > 0) {
    console.error(`${file} is not right:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    const size = statSync(file).size;
    console.log(`${file}: ${entries.size} entries, ${(size / 1024 / 1024).toFixed(1)} MB; bundles, schemas, snippets, syntaxes, README and licence present, no node_modules.`);
  }
}
