#!/bin/sh
# Starts a bundled Polder program from its V8 startup snapshot when the snapshot fits, else from
# the plain bundle (the same bytes of output, ~0.05 s slower start). Never fails for a snapshot.
#
#   sh bin/snapshot.sh build BUNDLE.js          takes BUNDLE.blob (the heap after the bundle loaded)
#                                               and records what it was built under in BUNDLE.blob.id
#   sh bin/snapshot.sh run BUNDLE.js [ARG...]   runs the program with ARG...
#   sh bin/snapshot.sh fits BUNDLE.js           exits 0 when `run` would start from the snapshot
#
# A snapshot loads only in the Node binary that built it and under the same V8 flags: NODE_OPTIONS
# counts (cdktf runs its app with NODE_OPTIONS=--max-old-space-size=4096), and Node exits 14 on a
# mismatch. So `run` uses the snapshot only when BUNDLE.blob.id matches this Node binary and this
# NODE_OPTIONS and the snapshot is newer than the bundle; otherwise it runs the plain bundle. Should
# Node still refuse the snapshot (exit 14, before any of the program ran), it runs the plain bundle.
# A shell script, not Node: a Node launcher would cost a second Node start, more than the snapshot saves.
set -u

usage() {
  echo "usage: sh bin/snapshot.sh build BUNDLE.js | sh bin/snapshot.sh run BUNDLE.js [ARG...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
mode=$1
bundle=$2
shift 2
case $bundle in *.js) ;; *) usage ;; esac
blob=${bundle%.js}.blob
id=$blob.id

# What a snapshot depends on: the Node binary (file identity and size: an upgrade replaces it)
# and NODE_OPTIONS. Anything else Node takes V8 flags from is on the command line, which this
# script writes itself.
fingerprint() {
  node_bin=$(command -v node) || return 1
  # inode and size of the resolved binary (ls -L follows a symlinked node)
  node_id=$(ls -iLn "$node_bin" | awk '{ print $1, $6 }')
  printf 'node %s %s\nNODE_OPTIONS=%s\n' "$node_bin" "$node_id" "${NODE_OPTIONS-}"
}

# Whether the snapshot was built by this Node binary under this NODE_OPTIONS, after the bundle.
fits() {
  [ -f "$blob" ] && [ -f "$id" ] && [ "$blob" -nt "$bundle" ] && [ "$(cat "$id")" = "$(fingerprint)" ]
}

case $mode in
build)
  rm -f "$blob" "$id"
  # --no-warnings: Node's "snapshot is experimental" warning is not a problem to report.
  node --no-warnings --snapshot-blob "$blob" --build-snapshot "$bundle" || exit $?
  fingerprint >"$id"
  ;;
run)
  if fits; then
    node --snapshot-blob "$blob" -- "$@"
    code=$?
    [ $code -eq 14 ] || exit $code
    echo "polder: Node refused the startup snapshot $blob; running the plain bundle instead (same output). 'npm run bundle' builds a new snapshot." >&2
  fi
  exec node "$bundle" "$@"
  ;;
fits) fits ;;
*) usage ;;
esac
