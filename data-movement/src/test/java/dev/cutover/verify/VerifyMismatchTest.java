package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One row missing in PostgreSQL (500), one extra (2500), one with a JSONB field that differs (1200), and one
 * (1300) that is the same by value though not by representation: a numeric 2.5 against 2.50, a JSON number 2.5
 * against 2.50 in other field order, a timestamp written at another zone. Exactly the first three are reported,
 * by checksum and row by row.
 */
class VerifyMismatchTest {
    private static ReferencePair pair;

    @BeforeAll
    static void load() {
        pair = ReferencePair.create("verify_mismatch");
        pair.legacyDatabase.execute("ALTER TABLE tbl_clients ALTER COLUMN balance TYPE numeric");
        pair.load(ReferenceData.generate(7, 4, 500));
        Client any = ReferenceData.generate(7, 1, 1).clients().get(0);
        pair.postgres.store(Mappings.CLIENTS).upsertAll(List.of(new Client(2500, 999_999, 1, "Extra Client", null, null,
                null, null, false, new BigDecimal("1.00"), Instant.parse("2026-01-01T00:00:00Z"), any.updatedAt())));
        pair.targetDatabase.execute("DELETE FROM clients WHERE id = 500",
                "UPDATE clients SET ai_context = '{\"tone\": \"brief\", \"tags\": [\"a\"]}' WHERE id = 1200",
                "UPDATE clients SET balance = 2.50, ai_context = '{\"tone\": \"warm\", \"score\": 2.50}',"
                        + " updated_at = '2026-03-01 15:00:00+05' WHERE id = 1300");
        pair.legacyDatabase.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\":\"warm\",\"tags\":[\"a\"]}' WHERE client_id = 1200",
                "UPDATE tbl_clients SET balance = 2.5, ai_ctx = '{\"score\":2.5,\"tone\":\"warm\"}',"
                        + " updated = '2026-03-01 10:00:00' WHERE client_id = 1300");
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    private static VerifyConfig.Builder config() {
        return VerifyConfig.custom().rangeSize(500).pageSize(100).recheckDelay(Duration.ZERO);
    }

    private static Verifier<Client, Long> verifier(VerifyConfig config) {
        return Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres, config);
    }

    private static final List<String> EXPECTED = List.of(
            "missing in postgres id=500 [500]",
            "different id=1200 [1200]:\n    aiContext.tone: legacy='\"warm\"' postgres='\"brief\"'",
            "extra in postgres id=2500 [2500]");

    @Test
    void shouldReportEachMismatchByChecksumReadingOnlyTheRangesThatDiffer() {
        VerifyReport report = verifier(config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.method()).isEqualTo(Method.CHECKSUM);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactlyElementsOf(EXPECTED);
        assertThat(List.of(report.missing(), report.extra(), report.different(), report.transientRows()))
                .containsExactly(1L, 1L, 1L, 0L);
        assertThat(List.of(report.legacyCount(), report.postgresCount())).containsExactly(2000L, 2000L);
        // Ranges (0,500] (500,1000] (1000,1500] (1500,2000] (2000,end). (500,1000] and (1500,2000] are equal, and
        // so is the half (1250,1500] holding row 1300. (0,500] is halved to (437,500], (1000,1500] to (1187,1250]
        // (3 bisections each); those 63 rows are read with one more to see where the range ends. The last range
        // has no legacy row and PostgreSQL's one, read as it is.
        VerifyStatistics statistics = report.statistics();
        assertThat(statistics.ranges()).isEqualTo(5);
        assertThat(statistics.rangesEqual()).isEqualTo(2);
        assertThat(statistics.rowsEqualByChecksum()).isEqualTo(1000);
        assertThat(statistics.bisections()).isEqualTo(6);
        assertThat(statistics.legacyRowsRead()).isEqualTo(64 + 64);
        assertThat(statistics.postgresRowsRead()).isEqualTo(63 + 64 + 1);
        assertThat(statistics.rowsCompared()).isEqualTo(63 + 63 + 1);
        // 2 probes, 5 legacy cuts and 5 PostgreSQL sums, then 2 per bisection
        assertThat(statistics.checksumQueries()).isEqualTo(2 + 10 + 12);
        assertThat(statistics.rowsRechecked()).isEqualTo(3 * 2);
    }

    @Test
    void shouldReportEachMismatchRowByRow() {
        VerifyReport report = verifier(config().checksums(false).build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.method()).isEqualTo(Method.ROW_BY_ROW);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactlyElementsOf(EXPECTED);
        assertThat(report.statistics().rowsCompared()).isEqualTo(2001);
        // Each range's rows and the first one after it: legacy 501, 1001, 1501; PostgreSQL 501, 1001, 1501, 2500
        assertThat(report.statistics().legacyRowsRead()).isEqualTo(2000 + 3);
        assertThat(report.statistics().postgresRowsRead()).isEqualTo(2000 + 4);
    }

    @Test
    void shouldWriteTheReportAsJson() throws Exception {
        VerifyReport report = verifier(config().build()).verify();

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("entity").asText()).isEqualTo("clients");
        assertThat(json.get("legacyTable").asText()).isEqualTo("tbl_clients");
        assertThat(json.get("postgresTable").asText()).isEqualTo("public.clients");
        assertThat(json.get("status").asText()).isEqualTo("DIFFERENT");
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("method").asText()).isEqualTo("CHECKSUM");
        assertThat(json.get("missing").asLong()).isEqualTo(1);
        assertThat(json.get("unreadable").asLong()).isZero();
        String none = ",\"side\":null,\"column\":null,\"reason\":null"; // only unreadable rows have them
        assertThat(json.get("mismatches").toString()).isEqualTo("[{\"kind\":\"MISSING\",\"key\":{\"id\":500},"
                + "\"differences\":[],\"totalDifferences\":0" + none + ",\"rowKey\":\"[500]\"},{\"kind\":\"DIFFERENT\","
                + "\"key\":{\"id\":1200},\"differences\":[{\"path\":\"aiContext.tone\",\"legacy\":\"warm\",\"postgres\":"
                + "\"brief\"}],\"totalDifferences\":1" + none + ",\"rowKey\":\"[1200]\"},{\"kind\":\"EXTRA\",\"key\":"
                + "{\"id\":2500},\"differences\":[],\"totalDifferences\":0" + none + ",\"rowKey\":\"[2500]\"}]");
        assertThat(json.get("statistics").get("bisections").asLong()).isEqualTo(6);
        assertThat(Instant.parse(json.get("startedAt").asText())).isEqualTo(report.startedAt());
        assertThat(json.get("failure").isNull()).isTrue();
    }

    @Test
    void shouldWriteTheReportAsText() {
        VerifyReport report = verifier(config().maxListed(2).build()).verify();

        assertThat(report.toText()).startsWith("""
                Verify clients (legacy tbl_clients, postgres public.clients): DIFFERENT, exit code 1
                  columns compared: id, yclients_id, company_id, name, phone, email, ai_context, visit_history, vip, \
                balance, created_at, updated_at
                  rows: legacy 2000, postgres 2000
                  by checksum (POSTGRESQL_HASH): 5 ranges, 2 equal (1000 rows), 6 bisections, 24 checksum queries
                  rows read: legacy 128, postgres 128, compared 127, re-checked 6
                  missing in postgres: 1, extra in postgres: 1, different: 1, unreadable: 0, transient (equal when re-checked): 0
                  missing in postgres id=500 [500]
                  different id=1200 [1200]:
                    aiContext.tone: legacy='"warm"' postgres='"brief"'
                  ... and 1 more rows not listed
                """ + "  took ");
        assertThat(report.mismatches()).hasSize(2);
    }

    @Test
    void shouldReportWithoutRecheckingWhenToldTo() {
        VerifyReport report = verifier(config().recheckAttempts(0).build()).verify();

        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactlyElementsOf(EXPECTED);
        assertThat(report.statistics().rowsRechecked()).isZero();
    }
}
