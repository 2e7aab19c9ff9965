#!/usr/bin/env bash
# Two builds of cibgraph and the DuckDB and polars anchors, timed in interleaved
# rounds on one benchmark folder (whole process, /usr/bin/time: seconds and peak
# resident KB), for comparing a change on this noisy machine. Prints one line a run.
#   scripts/interleave.sh bench-data/L 3 /tmp/cibgraph-before .build/release/cibgraph
#   ANCHORS=0 scripts/interleave.sh ...     # the two builds only
# The anchors run in make bench's virtual environment (bench-data/venv), which has them.
set -uo pipefail
folder=$1 rounds=$2 before=$3 after=$4
root="$(dirname "$0")/.."
tools="$root/bench/tools.py"
python="$root/bench-data/venv/bin/python"
if [ "${ANCHORS:-1}" = 1 ] && [ ! -x "$python" ]; then
  echo "interleave: no $python: run make bench (or scripts/benchmark.py --sizes S) once to create it, or set ANCHORS=0" >&2
  exit 66
fi
run() {
  /usr/bin/time -f "$1 %e s %U user %M KB" "${@:2}" >/dev/null 2>/tmp/interleave.$$ \
    && tail -1 /tmp/interleave.$$ || echo "$1 FAILED: $(tail -1 /tmp/interleave.$$)"
}
for _ in $(seq "$rounds"); do
  for build in "before:$before" "after:$after"; do
    name=${build%%:*} binary=${build#*:}
    run "components-$name" "$binary" components --nodes "$folder/nodes.csv" --edges "$folder/edges.csv" --limit 1
    run "reach-$name" "$binary" reach --nodes "$folder/nodes.csv" --audience "$folder/audience.csv"
    run "overlap-$name" "$binary" overlap --nodes "$folder/nodes.csv" --audience "$folder/audience.csv" --top 100
  done
  if [ "${ANCHORS:-1}" = 1 ]; then
    for anchor in cc-duckdb reach-duckdb overlap-duckdb cc-polars reach-polars overlap-polars; do
      run "$anchor" "$python" "$tools" "$anchor" "$folder"
    done
  fi
done
rm -f /tmp/interleave.$$
