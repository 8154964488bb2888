package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB legacy database (the test kit's: CUTOVER_TEST_MARIADB_URL, else a Docker container, else an embedded
 * MariaDB; without any, these tests fail, they never skip): MariaDB computes the same checksum texts as PostgreSQL for text, numbers, booleans, UTC
 * date-times and dates, so tables without JSON are verified by checksum; JSON columns, which MariaDB cannot
 * render like PostgreSQL's jsonb, are compared row by row.
 */
class VerifyOnMariaDbTest {
    private static final ReferenceData DATA = ReferenceData.generate(13, 100, 3);
    private static ReferencePair pair;

    @BeforeAll
    static void create() {
        pair = ReferencePair.createOnMariaDb("verify_maria");
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void load() {
        pair.reset();
        pair.load(DATA);
    }

    private static VerifyConfig.Builder config() {
        return VerifyConfig.custom().rangeSize(100).pageSize(10).recheckDelay(Duration.ZERO);
    }

    @Test
    void shouldVerifyTablesWithoutJsonByChecksumWithoutReadingARow() {
        VerifyReport services = Verifier.of(Mappings.SERVICES, pair.legacy, LegacyTables.SERVICES, pair.postgres,
                config().build()).verify();
        VerifyReport links = Verifier.of(Mappings.STAFF_SERVICES, pair.legacy, LegacyTables.STAFF_SERVICES, pair.postgres,
                config().build()).verify();

        assertThat(services.status()).as(services.toText()).isEqualTo(Status.EQUAL);
        assertThat(services.method()).isEqualTo(Method.CHECKSUM);
        assertThat(services.checksumScheme()).isEqualTo("TEXT_MD5");
        assertThat(services.statistics().rowsEqualByChecksum()).isEqualTo(400);
        assertThat(services.statistics().legacyRowsRead() + services.statistics().postgresRowsRead()).isZero();
        assertThat(links.status()).as(links.toText()).isEqualTo(Status.EQUAL);
        assertThat(links.method()).isEqualTo(Method.CHECKSUM);
        assertThat(links.statistics().rowsEqualByChecksum()).isEqualTo(1200);
        assertThat(links.statistics().legacyRowsRead() + links.statistics().postgresRowsRead()).isZero();
    }

    @Test
    void shouldCompareJsonTablesRowByRowSayingWhy() {
        pair.targetDatabase.execute("UPDATE clients SET ai_context = jsonb_set(ai_context, '{tone}', '\"curt\"') WHERE id = 77");

        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().build()).verify();

        assertThat(report.method()).isEqualTo(Method.ROW_BY_ROW);
        assertThat(report.checksumFallback()).isEqualTo("legacy column tbl_clients.ai_ctx (JSONB stored as JSON_TEXT, "
                + "json) has no TEXT_MD5 checksum in the MariaDB dialect");
        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactly("different id=77 [77]:\n"
                + "    aiContext.tone: legacy='\"" + DATA.clients().get(76).aiContext().get("tone").asText()
                + "\"' postgres='\"curt\"'");
        assertThat(report.statistics().rowsCompared()).isEqualTo(300);
    }

    @Test
    void shouldFindMissingExtraAndDifferentRowsByChecksum() {
        pair.targetDatabase.execute("DELETE FROM services WHERE id = 341",
                "UPDATE services SET price = price + 1 WHERE id = 602",
                "UPDATE services SET updated_at = updated_at + interval '1 microsecond' WHERE id = 903",
                "INSERT INTO services VALUES (5, 1, 1, 'Extra', 1.00, 30, now())");
        pair.legacyDatabase.execute("UPDATE tbl_services SET price = 12.50, title = 'Beard trim' WHERE service_id = 900",
                "UPDATE tbl_staff_services SET custom_price = 1.5 WHERE staff_id = 500 AND service_id = 501");
        pair.targetDatabase.execute("UPDATE services SET price = 12.5, title = 'Beard trim' WHERE id = 900");

        VerifyReport report = Verifier.of(Mappings.SERVICES, pair.legacy, LegacyTables.SERVICES, pair.postgres,
                config().build()).verify();

        assertThat(report.method()).isEqualTo(Method.CHECKSUM);
        assertThat(report.mismatches()).extracting(RowMismatch::toString).containsExactly(
                "extra in postgres id=5 [5]",
                "missing in postgres id=341 [341]",
                "different id=602 [602]:\n    price: legacy='" + price(602) + "' postgres='" + price(602).add(java.math.BigDecimal.ONE)
                        + "'",
                "different id=903 [903]:\n    updatedAt: legacy='" + updated(903) + "' postgres='"
                        + updated(903).plusNanos(1000) + "'");
        // Ranges of 100 services (25 companies), one difference in each: every range is bisected down to 10 rows or
        // fewer, read with one more; service 900 (12.50 against 12.5) is equal by checksum
        assertThat(report.statistics().ranges()).isEqualTo(5);
        assertThat(report.statistics().rangesEqual()).isEqualTo(1);
        assertThat(report.statistics().legacyRowsRead()).isLessThanOrEqualTo(4 * 11);
    }

    @Test
    void shouldFindTheSameSchemaProblemsOnMariaDb() {
        pair.legacyDatabase.execute("ALTER TABLE tbl_services MODIFY title text NULL");

        assertThat(SchemaCheck.of(pair.legacy, pair.postgres).entity(Mappings.SERVICES, LegacyTables.SERVICES)
                .entity(Mappings.CLIENTS, LegacyTables.CLIENTS).report().problems()).extracting(Object::toString)
                .containsExactly("legacy table tbl_services (for services): column title is nullable, but the mapping "
                        + "says NOT NULL: a NULL there fails the reads and the copy of its row; add NOT NULL to it, or "
                        + "map it with nullableColumn(...) and drop NOT NULL from postgres column title");
        pair.legacyDatabase.execute("ALTER TABLE tbl_services MODIFY title text NOT NULL");
        assertThat(List.of(pair.mariaDb)).containsExactly(true);
    }

    private static java.math.BigDecimal price(long id) {
        return DATA.services().stream().filter(s -> s.id() == id).findFirst().orElseThrow().price();
    }

    private static java.time.Instant updated(long id) {
        return DATA.services().stream().filter(s -> s.id() == id).findFirst().orElseThrow().updatedAt();
    }
}
