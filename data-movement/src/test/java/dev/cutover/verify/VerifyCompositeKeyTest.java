package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Staff-service links, keyed by (staff_id, service_id): missing, extra and different rows found by key pair. */
class VerifyCompositeKeyTest {
    private static ReferencePair pair;

    @BeforeAll
    static void load() {
        pair = ReferencePair.create("verify_composite");
        pair.load(ReferenceData.generate(3, 20, 0));
        // 20 companies x 3 staff x 4 services = 240 links; staff ids are company*10 + 0..2, services company*10 + 0..3
        pair.targetDatabase.execute("DELETE FROM staff_services WHERE staff_id = 41 AND service_id = 42",
                "UPDATE staff_services SET price_override = 99.50 WHERE staff_id = 120 AND service_id = 121",
                "UPDATE staff_services SET price_override = price_override WHERE staff_id = 150");
        pair.postgres.store(Mappings.STAFF_SERVICES).upsertAll(List.of(new StaffService(151, 7, BigDecimal.ONE)));
        pair.legacyDatabase.execute("UPDATE tbl_staff_services SET custom_price = 10.00 WHERE staff_id = 120 AND service_id = 121");
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static final List<String> EXPECTED = List.of(
            "missing in postgres (staff_id=41, service_id=42) [41,42]",
            "different (staff_id=120, service_id=121) [120,121]:\n    priceOverride: legacy='10.00' postgres='99.50'",
            "extra in postgres (staff_id=151, service_id=7) [151,7]");

    @Test
    void shouldFindEachMismatchByChecksum() {
        VerifyReport report = Verifier.of(Mappings.STAFF_SERVICES, pair.legacy, LegacyTables.STAFF_SERVICES, pair.postgres,
                VerifyConfig.custom().rangeSize(40).pageSize(5).recheckDelay(Duration.ZERO).build()).verify();

        assertThat(report.method()).isEqualTo(Method.CHECKSUM);
        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactlyElementsOf(EXPECTED);
        assertThat(report.mismatches().get(0).key()).containsExactly(
                java.util.Map.entry("staff_id", 41L), java.util.Map.entry("service_id", 42L));
        // 6 ranges of 40 links and the empty one after; three of them hold a mismatch
        assertThat(report.statistics().ranges()).isEqualTo(7);
        assertThat(report.statistics().rangesEqual()).isEqualTo(4);
        assertThat(report.statistics().legacyRowsRead()).isLessThan(3 * 10);
    }

    @Test
    void shouldFindEachMismatchRowByRow() {
        VerifyReport report = Verifier.of(Mappings.STAFF_SERVICES, pair.legacy, LegacyTables.STAFF_SERVICES, pair.postgres,
                VerifyConfig.custom().checksums(false).pageSize(7).recheckDelay(Duration.ZERO).build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactlyElementsOf(EXPECTED);
        assertThat(report.statistics().rowsCompared()).isEqualTo(241);
    }
}
