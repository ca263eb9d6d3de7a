// dist/server.js, the file editors start: the language server (dist/server-main.js) through the code cache.
import * as path from 'path';
import { loadWithCodeCache } from './codeCache';

loadWithCodeCache(path.join(__dirname, 'server-main.js'));
