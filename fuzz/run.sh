#!/usr/bin/env bash
# Runs fuzz targets on the stable toolchain (cargo-fuzz, --sanitizer none),
# with the limits that issue 11 asks for: a run fails on a panic, on an input
# that takes over a second, on any single allocation over 256 MB (fuzz/src)
# and on a process over 256 MB resident.
#
#   fuzz/run.sh                        # every target, 10 seconds each (CI's smoke test)
#   fuzz/run.sh check --runs 10000000  # one target, ten million executions
#   fuzz/run.sh all --seconds 3600     # every target, an hour each
#
# New inputs that reach new code go to fuzz/corpus/<target>/ (not committed);
# the committed seeds (fuzz/seeds/, made by fuzz/seeds.py) are read too. A
# crash is saved in fuzz/artifacts/<target>/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"

targets=(split yaml wikilinks suggest check)
which="${1:-all}"
limit=(-max_total_time=10)
case "${2:-}" in
  --runs) limit=(-runs="$3") ;;
  --seconds) limit=(-max_total_time="$3") ;;
  "") ;;
  *) echo "usage: fuzz/run.sh [TARGET|all] [--runs N | --seconds S]" >&2; exit 2 ;;
esac
[ "$which" = all ] || targets=("$which")

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --version 0.13.2
cargo fuzz build --sanitizer none
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "fuzzing $target (${limit[*]})"
  # One rayon thread: the pipeline's parallel stages run inline, as fast on
  # inputs this small, and the other core is left for another target.
  RAYON_NUM_THREADS=1 cargo fuzz run --sanitizer none "$target" "corpus/$target" "seeds/$target" -- \
    "${limit[@]}" -max_len=4096 -timeout=1 -rss_limit_mb=256 -malloc_limit_mb=256 \
    -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==|SUMMARY)|panicked|ERROR' || true
  if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz/$target found a failure: fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
