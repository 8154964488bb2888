#!/usr/bin/env bash
# The whole-schema benchmark (docs/benchmarks.md, "A whole schema"): installs pgcopydb, pgloader and psql with
# apt-get when they are missing (it looks them up on the PATH with command -v), builds the benchmark jar and runs
# SchemaBenchmark with a 256 MB heap.
#
#   benchmarks/schema-bench.sh [scale=1.0 (2M rows)] [rounds=3] [backfill workers=2] [tables at once=2]
#
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth for user postgres); BENCH_PG_HOST, BENCH_PG_PORT, BENCH_PG_USER
# override it. It drops and creates the databases cutover_schema_legacy (kept with BENCH_REUSE=1),
# cutover_schema_target, cutover_schema_clone and cutover_schema_pgloader.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v pgloader >/dev/null || missing+=(pgloader)
command -v pgcopydb >/dev/null || missing+=(pgcopydb)
command -v psql >/dev/null || missing+=(postgresql-client)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
echo "pgloader: $(command -v pgloader) $(pgloader --version | head -1); pgcopydb: $(command -v pgcopydb) $(pgcopydb --version 2>/dev/null | tail -1)"

mvn -q -DskipTests -pl benchmarks -am package
echo "load before the run: $(cat /proc/loadavg) on $(nproc) cores"
exec java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.SchemaBenchmark "$@"
