#!/usr/bin/env bash
# The backfill's scale curve (docs/benchmarks.md, "Scale curve"): the clients table at 1M, 4M and 10M rows (or the
# sizes given), Cutover's backfill alone from the PostgreSQL legacy database, in a 256 MB heap. Takes tens of
# minutes (generating and loading 10M rows alone takes several), hence not part of any default run.
#
#   benchmarks/scale-curve.sh [sizes=1000000 4000000 10000000]
#
# Same servers, variables and databases as benchmarks/backfill-bench.sh (PostgreSQL only). Prints rows/s per size,
# the ratio to the first size's rows/s (goal: within 10%) and each size's peak heap (goal: < 256 MB, not growing).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1000000 4000000 10000000)
mvn -q -DskipTests -pl benchmarks -am package
out=$(mktemp -d)
for rows in "${sizes[@]}"; do
  echo "== $rows rows (load $(cut -d' ' -f1-3 /proc/loadavg))"
  BENCH_ONLY=backfill BENCH_MODE=COPY_THEN_INSERT_MISSING \
    java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.BackfillBenchmark "$rows" 3 2 | tee "$out/$rows.txt"
done
echo
echo "| rows | rows/s (median of 3) | / first size | peak heap |"
echo "| --- | --- | --- | --- |"
first=""
for rows in "${sizes[@]}"; do
  rate=$(grep -m1 '^| Cutover backfill, COPY_THEN_INSERT_MISSING |' "$out/$rows.txt" | awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}')
  heap=$(grep -o 'Peak heap of the backfills: [0-9]* MB' "$out/$rows.txt" | tail -1)
  first=${first:-$rate}
  printf '| %s | %s | %.2f | %s |\n' "$rows" "$rate" "$(awk -v a="$rate" -v b="$first" 'BEGIN { print a / b }')" "${heap#Peak heap of the backfills: }"
done
