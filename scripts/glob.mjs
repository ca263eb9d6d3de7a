// Minimal recursive glob for test discovery ('dir/**/*.suffix' patterns only), so scripts need no extra package.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

export function globSync(pattern) {
  const [root, rest] = pattern.split('/**/');
  const suffix = rest.replace(/^\*/, '');
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(suffix)) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}
