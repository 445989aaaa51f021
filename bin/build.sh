#!/bin/sh
# Builds what the synth and the polder command run — `npm run build` (dist/ from the TypeScript
# sources) and `npm run bundle` (dist/bundle/main.js and its startup snapshot) — unless the last
# build was made from exactly the inputs there are now; a snapshot that does not fit this Node or
# NODE_OPTIONS is built again on its own:
#
#   sh bin/build.sh            builds when needed; prints one line on stderr when it does
#   POLDER_BUILD=always sh bin/build.sh    builds every time
#
# The inputs are a SHA-256 over the content of every file in lib/, stacks/, providers/ and bin/,
# the package and TypeScript settings and the installed dependencies (npm's record of them,
# node_modules/.package-lock.json), kept in dist/bundle/main.inputs by the build. Contents, not
# modification times: a checkout, a restored cache or a copy that keeps old times cannot make a
# stale bundle look new. Anything missing or different builds (when in doubt, build). Without the
# sources (Polder installed as a package, which ships its bundle) there is nothing to build.
set -eu
cd "$(dirname "$0")/.."
record=dist/bundle/main.inputs

[ -d lib ] || exit 0

# Every input file with the SHA-256 of its content, in a fixed order.
inputs() {
  for f in package.json package-lock.json tsconfig.json tsconfig.build.json node_modules/.package-lock.json; do
    [ -f "$f" ] || printf 'missing %s\n' "$f"
  done
  LC_ALL=C find lib stacks providers bin package.json package-lock.json tsconfig.json tsconfig.build.json node_modules/.package-lock.json -type f -print 2>/dev/null |
    LC_ALL=C sort | tr '\n' '\0' | xargs -0 sha256sum
}
# No sha256sum on this machine: no digest, so every run builds.
if command -v sha256sum >/dev/null 2>&1; then now=$(inputs | sha256sum | cut -d' ' -f1); else now=""; fi

if [ -n "$now" ] && [ "${POLDER_BUILD-}" != always ] && [ -f "$record" ] && [ "$(cat "$record")" = "$now" ] && [ -f dist/bundle/main.js ]; then
  sh bin/snapshot.sh fits dist/bundle/main.js && exit 0
  # The code is built; only the snapshot belongs to another Node or NODE_OPTIONS (cdktf synth
  # runs its app with NODE_OPTIONS=--max-old-space-size=4096).
  echo "polder: building the startup snapshot for this Node and NODE_OPTIONS..." >&2
  exec sh bin/snapshot.sh build dist/bundle/main.js
fi

echo "polder: building dist/bundle (npm run build && npm run bundle)..." >&2
rm -f "$record"
npm run --silent build
npm run --silent bundle
[ -z "$now" ] || printf '%s\n' "$now" >"$record"
