#!/usr/bin/env bash
# Installs the Node.js version named in .nvmrc from the npm registry (the node-linux-<arch> package
# carries the binary and the headers native addons build against) into ~/.cache/gatehouse/node-<v>,
# for machines that reach the npm registry but not nodejs.org. Prints the directory; put its bin/ on
# PATH:   export PATH="$(scripts/node-from-npm.sh)/bin:$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(tr -d '[:space:]' < .nvmrc)
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "No Node.js package on the npm registry for $(uname -m); install Node $version another way." >&2; exit 1 ;;
esac
target="${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/node-$version"
if [ ! -x "$target/bin/node" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && npm pack --silent "node-linux-$arch@$version" >/dev/null)
  mkdir -p "$target"
  tar -xzf "$scratch"/node-linux-"$arch"-*.tgz -C "$target" --strip-components=1
fi
"$target/bin/node" --version >/dev/null
echo "$target"
