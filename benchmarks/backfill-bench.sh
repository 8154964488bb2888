#!/usr/bin/env bash
# The backfill benchmark (docs/benchmarks.md, "Backfill"): installs the tools it compares against with apt-get,
# builds the benchmark jar and runs BackfillBenchmark with a 256 MB heap.
#
#   benchmarks/backfill-bench.sh [rows=1000000] [rounds=3] [backfill workers=2]
#
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth for user postgres) and MariaDB at 127.0.0.1:3306 (root, no
# password); BENCH_PG_HOST, BENCH_PG_PORT, BENCH_PG_USER, BENCH_MARIADB_HOST, BENCH_MARIADB_USER override them.
# It drops and creates the databases cutover_bench_legacy, cutover_bench_target, cutover_bench_tools (PostgreSQL)
# and cutover_bench (MariaDB), and writes its files under /tmp/cutover-backfill-bench (BENCH_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v pgloader >/dev/null || missing+=(pgloader)
command -v pgcopydb >/dev/null || missing+=(pgcopydb)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v mariadb >/dev/null || missing+=(mariadb-client)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
echo "pgloader: $(pgloader --version | head -1); pgcopydb: $(pgcopydb --version 2>/dev/null | tail -1); $(psql --version)"

mvn -q -DskipTests -pl benchmarks -am package
echo "load before the run: $(cat /proc/loadavg) on $(nproc) cores"
exec java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.BackfillBenchmark "$@"
