#!/usr/bin/env bash
# Security scan of every synthesized stack (cdktf.out/stacks/*/cdk.tf.json) with a pinned Checkov.
#   bash scripts/checkov.sh install   create .venv-checkov with exactly CHECKOV_VERSION (from PyPI)
#   bash scripts/checkov.sh [DIR]     scan DIR/*/cdk.tf.json (default cdktf.out/stacks); run `npm run synth` first
# Fails on any failed check, unless the resource carries a skip for it with a reason (see
# lib/core/checks.ts), and on any skip whose check did not fail (a stale skip).
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
VENV="${CHECKOV_VENV:-.venv-checkov}"
CHECKOV="$VENV/bin/checkov"

installed() { [ -x "$CHECKOV" ] && [ "$("$CHECKOV" --version 2>/dev/null)" = "$CHECKOV_VERSION" ]; }

if [ "${1:-}" = "install" ]; then
  if installed; then echo "checkov $CHECKOV_VERSION already in $VENV"; exit 0; fi
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  installed || { echo "checkov $CHECKOV_VERSION did not install into $VENV" >&2; exit 1; }
  echo "checkov $CHECKOV_VERSION installed in $VENV"
  exit 0
fi

installed || { echo "checkov $CHECKOV_VERSION is not installed: run 'npm run scan:install' (bash scripts/checkov.sh install)" >&2; exit 1; }

dir="${1:-cdktf.out/stacks}"
shopt -s nullglob
stacks=("$dir"/*/cdk.tf.json)
if [ ${#stacks[@]} -eq 0 ]; then echo "no stacks in $dir: run 'npm run synth' first" >&2; exit 1; fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
files=()
args=()
for s in "${stacks[@]}"; do files+=("$(realpath "$s")"); args+=(-f "$(realpath "$s")"); done
echo "checkov $CHECKOV_VERSION: scanning ${#stacks[@]} stack(s) in $dir"
# Checkov's own inline skips do not work for Terraform JSON; checkov-verdict.ts applies ours.
# BC_SKIP_MAPPING and --skip-download keep it offline: no platform calls, no guideline download.
status=0
BC_SKIP_MAPPING=TRUE "$CHECKOV" --framework terraform_json --skip-download --quiet --compact -o json "${args[@]}" >"$report" || status=$?
# 0: all passed, 1: failed checks (judged below); anything else is Checkov itself failing.
if [ "$status" -gt 1 ]; then echo "checkov exited with $status" >&2; cat "$report" >&2; exit "$status"; fi
node_modules/.bin/tsx scripts/checkov-verdict.ts "$report" "${files[@]}"
