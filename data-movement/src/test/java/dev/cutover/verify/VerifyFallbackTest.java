package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cutover.Backend;
import dev.cutover.compare.ComparisonRules;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Method;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where checksums cannot be used, and where a verification cannot finish: said, never silently wrong. */
class VerifyFallbackTest {
    private static final ReferenceData DATA = ReferenceData.generate(5, 2, 300);
    private static ReferencePair pair;

    @BeforeAll
    static void create() {
        pair = ReferencePair.create("verify_fallback");
        for (var database : java.util.List.of(pair.legacyDatabase, pair.targetDatabase)) {
            database.execute("CREATE TABLE events (at timestamptz PRIMARY KEY, note text NOT NULL)",
                    "INSERT INTO events SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', 'n' || g"
                            + " FROM generate_series(1, 50) g",
                    "CREATE TABLE codes (code text COLLATE \"en-x-icu\" PRIMARY KEY, label text NOT NULL)",
                    "INSERT INTO codes VALUES ('a', 'lower a'), ('B', 'upper b'), ('c', 'lower c')");
        }
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    @BeforeEach
    void load() {
        pair.reset();
        pair.load(DATA);
    }

    private static VerifyConfig.Builder config() {
        return VerifyConfig.custom().rangeSize(100).pageSize(20).recheckDelay(Duration.ZERO);
    }

    private static EntityMapping<Object[], java.time.Instant> EVENTS = EntityMapping.builder(Object[].class,
                    java.time.Instant.class)
            .table("events")
            .key("at", ColumnType.TIMESTAMPTZ, values -> values[0])
            .column("note", ColumnType.TEXT, values -> values[1])
            .reader(row -> row.values())
            .build();

    private static EntityMapping<Object[], String> CODES = EntityMapping.builder(Object[].class, String.class)
            .table("codes")
            .key("code", ColumnType.TEXT, values -> values[0])
            .column("label", ColumnType.TEXT, values -> values[1])
            .reader(row -> row.values())
            .build();

    @Test
    void shouldCompareRowByRowWhenTheKeyCannotBoundAChecksumRange() {
        VerifyReport report = Verifier.of(EVENTS, pair.legacy, LegacyTable.named("events"), pair.postgres,
                config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.EQUAL);
        assertThat(report.method()).isEqualTo(Method.ROW_BY_ROW);
        assertThat(report.checksumFallback()).isEqualTo("key column at is TIMESTAMPTZ; checksum ranges need keys of "
                + "[TEXT, INTEGER, BIGINT, NUMERIC, DATE, UUID] stored natively");
        assertThat(report.statistics().rowsCompared()).isEqualTo(50);
    }

    @Test
    void shouldLeaveColumnsTheRulesIgnoreOutOfChecksums() {
        pair.targetDatabase.execute("UPDATE clients SET updated_at = updated_at + interval '1 hour'");
        VerifyConfig ignoring = config().rules(ComparisonRules.custom().ignore("updatedAt").build()).build();

        VerifyReport ignored = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres, ignoring)
                .verify();
        VerifyReport compared = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().recheckAttempts(0).maxListed(1).build()).verify();

        assertThat(ignored.status()).isEqualTo(Status.EQUAL);
        assertThat(ignored.statistics().rangesEqual()).isEqualTo(ignored.statistics().ranges());
        assertThat(ignored.statistics().legacyRowsRead()).isZero();
        assertThat(compared.status()).isEqualTo(Status.DIFFERENT);
        assertThat(compared.different()).isEqualTo(600);
        assertThat(compared.mismatches()).hasSize(1);
        assertThat(compared.mismatches().get(0).differences()).extracting(Object::toString).containsExactly(
                "updatedAt: legacy='" + DATA.clients().get(0).updatedAt() + "' postgres='"
                        + DATA.clients().get(0).updatedAt().plus(Duration.ofHours(1)) + "'");
    }

    @Test
    void shouldFailLoudlyWhenTheOrderOfTextKeysIsNotTheOrderOfTheirValues() {
        VerifyReport report = Verifier.of(CODES, pair.legacy, LegacyTable.named("codes"), pair.postgres,
                config().checksums(false).build()).verify();

        assertThat(report.status()).isEqualTo(Status.FAILED);
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.failure()).isIn(
                "legacy table codes listed key B after key a: its scan does not follow the order of the key's values, so"
                        + " rows cannot be matched by key order; text keys need a binary (\"C\") collation on both sides",
                "postgres table public.codes listed key B after key a: its scan does not follow the order of the key's"
                        + " values, so rows cannot be matched by key order; text keys need a binary (\"C\") collation on"
                        + " both sides");
    }

    @Test
    void shouldReportARowLegacyCannotReadWithItsKeyAndReasonAndVerifyTheOthers() {
        pair.legacyDatabase.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\": warm}' WHERE client_id = 142");
        pair.targetDatabase.execute("DELETE FROM clients WHERE id = 150");

        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.failure()).isNull();
        assertThat(report.method()).isEqualTo(Method.CHECKSUM);
        assertThat(report.checksumFallback()).startsWith("The checksum of rows after key 100 up to key 200 of legacy table "
                + "tbl_clients failed (SQLState 22P02): ERROR: invalid input syntax for type json");
        assertThat(List.of(report.unreadable(), report.missing(), report.extra(), report.different()))
                .containsExactly(1L, 1L, 0L, 0L);
        assertThat(report.mismatchCount()).isEqualTo(2);
        RowMismatch bad = report.mismatches().get(0);
        assertThat(bad.kind()).isEqualTo(RowMismatch.Kind.UNREADABLE);
        assertThat(bad.key()).containsExactly(Map.entry("id", 142L));
        assertThat(bad.side()).isEqualTo(Backend.LEGACY);
        assertThat(bad.column()).isEqualTo("ai_ctx");
        assertThat(bad.reason()).startsWith("Legacy tbl_clients.ai_ctx (key 142) is not valid JSON: ")
                .contains("value starts with '{\"tone\": warm}'");
        assertThat(report.mismatches()).extracting(RowMismatch::toString).element(1).isEqualTo("missing in postgres id=150 [150]");
        // Every other row of the failing range was still compared: 100 legacy rows in it, one unreadable.
        assertThat(report.statistics().rowsCompared()).isEqualTo(100);
        assertThat(report.statistics().rangesEqual()).isEqualTo(report.statistics().ranges() - 1);
        assertThat(report.toText()).contains("different: 0, unreadable: 1, transient", "\n  unreadable in legacy id=142 [142] "
                + "column ai_ctx: Legacy tbl_clients.ai_ctx (key 142) is not valid JSON: ");
        assertThat(report.toJson()).contains("\"unreadable\":1,", "{\"kind\":\"UNREADABLE\",\"key\":{\"id\":142},"
                + "\"differences\":[],\"totalDifferences\":0,\"side\":\"LEGACY\",\"column\":\"ai_ctx\",\"reason\":"
                + "\"Legacy tbl_clients.ai_ctx (key 142) is not valid JSON: ", "\"exitCode\":1");
    }

    @Test
    void shouldIsolateUnreadableRowsRowByRowAtTheEdgesOfPagesAndOfTheTable() {
        pair.legacyDatabase.execute("UPDATE tbl_clients SET ai_ctx = 'not json' WHERE client_id IN (1, 20, 21, 600)");
        pair.targetDatabase.execute("DELETE FROM clients WHERE id = 20");

        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().checksums(false).build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.unreadable()).isEqualTo(4);
        assertThat(report.missing() + report.extra() + report.different()).isZero();
        assertThat(report.mismatches()).extracting(m -> m.key().get("id"), RowMismatch::side, RowMismatch::column)
                .containsExactly(tuple(1L, Backend.LEGACY, "ai_ctx"), tuple(20L, Backend.LEGACY, "ai_ctx"),
                        tuple(21L, Backend.LEGACY, "ai_ctx"), tuple(600L, Backend.LEGACY, "ai_ctx"));
        assertThat(report.statistics().rowsCompared()).isEqualTo(600);
        assertThat(report.statistics().legacyRowsRead()).isGreaterThanOrEqualTo(596);
    }

    @Test
    void shouldReportARowPostgresCannotReadNamingThePostgresSide() {
        pair.targetDatabase.execute("UPDATE clients SET balance = 'NaN' WHERE id = 77"); // numeric NaN: no BigDecimal

        VerifyReport report = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().build()).verify();

        assertThat(report.status()).isEqualTo(Status.DIFFERENT);
        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(report.mismatches()).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo(RowMismatch.Kind.UNREADABLE);
            assertThat(row.key()).containsExactly(Map.entry("id", 77L));
            assertThat(row.side()).isEqualTo(Backend.POSTGRES);
            assertThat(row.column()).isNull(); // the driver's message names no column
            assertThat(row.reason()).isEqualTo("findByKeys on PostgresStore[public.clients] failed: Bad value for type "
                    + "BigDecimal : NaN");
        });
    }

    @Test
    void shouldReportEveryRowOfAnEmptyLegacyTableAsExtraReadingFullPages() {
        pair.legacyDatabase.execute("TRUNCATE tbl_clients");

        VerifyReport byRows = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().checksums(false).maxListed(2).recheckAttempts(1).build()).verify();
        VerifyReport byChecksum = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().maxListed(2).recheckAttempts(1).build()).verify();

        for (VerifyReport report : java.util.List.of(byRows, byChecksum)) {
            assertThat(report.status()).isEqualTo(Status.DIFFERENT);
            assertThat(report.extra()).isEqualTo(600);
            assertThat(report.mismatches()).extracting(RowMismatch::toString)
                    .containsExactly("extra in postgres id=1 [1]", "extra in postgres id=2 [2]");
            assertThat(report.statistics().postgresRowsRead()).isEqualTo(600);
            assertThat(report.statistics().rowsRechecked()).isEqualTo(600);
        }
    }

    @Test
    void shouldNameThePostgresSideWhenItsRowsCannotBeRead() {
        Verifier<Client, Long> verifier = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                config().build());
        pair.targetDatabase.execute("ALTER TABLE clients RENAME COLUMN name TO full_name");
        try {
            VerifyReport report = verifier.verify();

            assertThat(report.status()).isEqualTo(Status.FAILED);
            assertThat(report.checksumFallback()).isEqualTo("postgres column public.clients.name does not exist");
            assertThat(report.failure()).startsWith("scan on PostgresStore[public.clients] failed: ERROR: column "
                    + "\"name\" does not exist");
        } finally {
            pair.targetDatabase.execute("ALTER TABLE clients RENAME COLUMN full_name TO name");
        }
    }

    @Test
    void shouldFailWhenADatabaseCannotBeReached() {
        LegacyAdapter closing = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(pair.legacyDatabase.jdbcUrl())
                .username(pair.legacyDatabase.username()).password(pair.legacyDatabase.password()).build());
        Verifier<Client, Long> verifier = Verifier.of(Mappings.CLIENTS, closing, LegacyTables.CLIENTS, pair.postgres,
                config().build());
        closing.close();

        VerifyReport report = verifier.verify();

        assertThat(report.status()).isEqualTo(Status.FAILED);
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.legacyCount()).isEqualTo(-1);
        assertThat(report.failure()).startsWith("count on legacy table tbl_clients failed: ");
        assertThat(report.toText()).contains("  rows: legacy unknown, postgres unknown\n");
    }
}
