package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Identical data on both sides verifies at 100%, by checksum without reading a row, and row by row. */
class VerifyEqualDataTest {
    private static final int CLIENTS = 2_000;
    private static ReferencePair pair;

    @BeforeAll
    static void load() {
        pair = ReferencePair.create("verify_equal");
        pair.load(ReferenceData.generate(7, 4, CLIENTS / 4));
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static VerifyConfig.Builder config() {
        return VerifyConfig.custom().rangeSize(500).pageSize(100).recheckDelay(Duration.ZERO);
    }

    @Test
    void shouldVerifyEveryRowByChecksumWithoutReadingAny() {
        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.exitCode()).isZero();
        assertThat(report.method()).isEqualTo(Method.CHECKSUM);
        assertThat(report.checksumFallback()).isNull();
        assertThat(report.legacyCount()).isEqualTo(CLIENTS);
        assertThat(report.postgresCount()).isEqualTo(CLIENTS);
        assertThat(report.mismatches()).isEmpty();
        // 4 ranges of 500 rows, then the empty range after the last key, where extra PostgreSQL rows would be
        VerifyStatistics statistics = report.statistics();
        assertThat(statistics.ranges()).isEqualTo(5);
        assertThat(statistics.rangesEqual()).isEqualTo(5);
        assertThat(statistics.rowsEqualByChecksum()).isEqualTo(CLIENTS);
        assertThat(statistics.bisections()).isZero();
        assertThat(statistics.legacyRowsRead()).isZero();
        assertThat(statistics.postgresRowsRead()).isZero();
        assertThat(statistics.rowsCompared()).isZero();
    }

    @Test
    void shouldVerifyEveryRowRowByRow() {
        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().checksums(false).build()).verify();

        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.exitCode()).isZero();
        assertThat(report.method()).isEqualTo(Method.ROW_BY_ROW);
        assertThat(report.checksumFallback()).isEqualTo("checksums turned off (VerifyConfig.checksums(false))");
        // Ranges of 500 rows, cut from the legacy key's index, each read with the first row after it (none after
        // the fourth, whose last row is the last one)
        assertThat(report.statistics().legacyRowsRead()).isEqualTo(CLIENTS + 3);
        assertThat(report.statistics().postgresRowsRead()).isEqualTo(CLIENTS + 3);
        assertThat(report.statistics().rowsCompared()).isEqualTo(CLIENTS);
        assertThat(report.statistics().ranges()).isZero();
    }

    @Test
    void shouldVerifyACompositeKeyByChecksumAndRowByRow() {
        VerifyReport byChecksum = Verifier.of(Mappings.STAFF_SERVICES, pair.legacy, LegacyTables.STAFF_SERVICES,
                pair.postgres, config().rangeSize(10).pageSize(4).build()).verify();
        VerifyReport byRow = Verifier.of(Mappings.STAFF_SERVICES, pair.legacy, LegacyTables.STAFF_SERVICES,
                pair.postgres, config().checksums(false).pageSize(5).build()).verify();

        // 4 companies x 3 staff x 4 services = 48 links: ranges of 10, the last one with 8
        assertThat(byChecksum.status()).isEqualTo(Status.EQUAL);
        assertThat(byChecksum.method()).isEqualTo(Method.CHECKSUM);
        assertThat(byChecksum.statistics().ranges()).isEqualTo(5);
        assertThat(byChecksum.statistics().rowsEqualByChecksum()).isEqualTo(48);
        assertThat(byChecksum.statistics().legacyRowsRead() + byChecksum.statistics().postgresRowsRead()).isZero();
        assertThat(byRow.status()).isEqualTo(Status.EQUAL);
        assertThat(byRow.statistics().rowsCompared()).isEqualTo(48);
    }

    @Test
    void shouldReportProgressUpToEveryRow() {
        java.util.List<VerifyProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().listener(new VerifyListener() {
                    @Override
                    public void progress(VerifyProgress progress) {
                        seen.add(progress);
                    }
                }).build()).verify();

        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(seen).extracting(VerifyProgress::legacyRows).containsExactly(500L, 1000L, 1500L, 2000L, 2000L);
        assertThat(seen.get(seen.size() - 1).remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldCompareRowsWithGenericStores() {
        VerifyReport report = Verifier.of(pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                pair.postgres.<Client, Long>store(Mappings.CLIENTS), config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.method()).isEqualTo(Method.ROW_BY_ROW);
        assertThat(report.checksumFallback()).isEqualTo("generic stores have no checksums");
        assertThat(report.statistics().rowsCompared()).isEqualTo(CLIENTS);
        assertThat(report.postgresTable()).isEqualTo("PostgresStore[public.clients]");
        assertThat(StaffService.class).isNotNull();
    }
}
