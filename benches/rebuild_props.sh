#!/usr/bin/env bash
# Runs the rebuild property (tests/testsuite/rebuild_props.rs) at scale:
# random sequences of edits to a generated wiki, each rebuild compared byte
# for byte with a build from scratch. `cargo test` runs 16 sequences; this
# runs thousands, in release mode.
#
#   benches/rebuild_props.sh            # 2000 sequences from a seed taken from the clock
#   benches/rebuild_props.sh 5000 42    # 5000 sequences from seed 42
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-2000}"
seed="${2:-$(date +%s)}"
# Each sequence writes and deletes a few hundred small files: on a RAM disk
# when there is one (TMPDIR), since many deletions slow some disks badly.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ]; then export TMPDIR=/dev/shm; fi
VIGIE_PROP_CASES="$cases" VIGIE_PROP_SEED="$seed" \
  cargo test --release --test testsuite rebuild_props -- --nocapture
