// dist/cli.js, which bin/kubetier.js and bin/kubetier-language-server.js require: the CLI
// (dist/cli-main.js) through the code cache, its exports (main, startLanguageServer) passed on.
import * as path from 'path';
import { loadWithCodeCache } from './codeCache';

module.exports = loadWithCodeCache(path.join(__dirname, 'cli-main.js'));
