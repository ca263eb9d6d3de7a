#!/usr/bin/env bash
# Installs what the end-to-end tests need, using only the npm registry and Debian's apt:
#   apt:  chromium (driven by playwright-core), ripgrep (stands in for @vscode/ripgrep's GitHub
#         download), libkrb5-dev (lets code-server's optional kerberos addon build)
#   npm:  code-server 4.100.3 (VS Code 1.100.3 workbench, server and Node extension host) into
#         .cache/code-server/<version> inside the repo (git-ignored).
# Idempotent: apt runs only for missing packages, and a `.complete` marker makes a second run a no-op.
# Usage: scripts/e2e/install.sh [PREFIX]      env: CS_VERSION (default 4.100.3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}"   # newest code-server whose engines.node accepts Node 20
PREFIX="${1:-$ROOT/.cache/code-server/$CS_VERSION}"
ENTRY="$PREFIX/node_modules/code-server/out/node/entry.js"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "e2e install: need root to apt-get install ${missing[*]}" >&2; exit 1; fi
  echo "e2e install: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$PREFIX/.complete" ]; then echo "e2e install: code-server $CS_VERSION already in $PREFIX"; exit 0; fi
echo "e2e install: code-server $CS_VERSION into $PREFIX (about a minute)"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # node-gyp must never download headers
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_loglevel=error
test -f "$npm_config_nodedir/include/node/node.h" || { echo "no Node headers under $npm_config_nodedir/include/node" >&2; exit 1; }
# npm and node-gyp keep caches under $HOME; the build's own cache lives inside the prefix instead.
export npm_config_cache="$PREFIX.npm-cache" npm_config_devdir="$PREFIX.gyp"
rm -rf "$PREFIX"; mkdir -p "$PREFIX"; cd "$PREFIX"
echo '{"name":"code-server-e2e","private":true}' > package.json
# code-server's postinstall runs `npm install` in lib/vscode, where @vscode/ripgrep's postinstall downloads
# rg from GitHub; so install without scripts and do the postinstall's work by hand.
npm install --ignore-scripts --no-audit --no-save "code-server@$CS_VERSION"
npm rebuild argon2                        # its prebuilt download fails offline, so it builds from source
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts
if [ -d node_modules/@vscode/ripgrep ]; then   # an existing bin/ makes its postinstall skip the download
  mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
fi
# Native addons, built with node-gyp. kerberos goes last and alone: one failure inside `npm rebuild` stops
# the packages after it, and code-server never needs kerberos for a local test. Windows addons are skipped.
PKGS=$(node -e 'const p = require("./npm-shrinkwrap.json").packages; console.log([...new Set(Object.entries(p)
  .filter(([k, v]) => k && v.hasInstallScript && !v.optional && !/\/(kerberos|@vscode\/windows-[^/]*)$/.test(k))
  .map(([k]) => k.replace(/^.*node_modules\//, "")))].join(" "))')
# shellcheck disable=SC2086
npm rebuild $PKGS
npm rebuild kerberos || echo "e2e install: WARN kerberos not built; not needed for local tests" >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts && node postinstall.mjs > /dev/null)
# The native modules the server really loads must load.
node -e '
  const r = require("module").createRequire(process.cwd() + "/");
  for (const m of ["node-pty", "@vscode/spdlog", "@parcel/watcher"]) r(m);
  for (const m of ["native-watchdog", "@vscode/native-watchdog"]) { try { r(m); } catch (e) { if (e.code !== "MODULE_NOT_FOUND") throw e; } }'
XDG_CONFIG_HOME="$PREFIX/.xdg" XDG_DATA_HOME="$PREFIX/.xdg" node "$ENTRY" --version   # else it writes ~/.config/code-server
rm -rf "$PREFIX.npm-cache" "$PREFIX.gyp"
touch "$PREFIX/.complete"
