package dev.cutover.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.compare.Difference;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.Conversion;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaFinding;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.Verifier;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema check names the declaration a narrower target scale needs; and a value the copy changes without one (the target's numeric has fewer fractional digits, so PostgreSQL
 * rounds it) is a difference for verify, which compares numbers by value: {@code 2.5000} equals {@code 2.50}, and
 * {@code 1.2345} is not {@code 1.23}.
 */
class UndeclaredRoundingTest {
    record Price(Integer id, BigDecimal amount) {
    }

    static final EntityMapping<Price, Integer> PRICES = EntityMapping.builder(Price.class, Integer.class)
            .table("prices")
            .key("id", ColumnType.INTEGER, Price::id)
            .nullableColumn("amount", ColumnType.NUMERIC, Price::amount)
            .reader(row -> new Price(row.getInteger("id"), row.getBigDecimal("amount")))
            .build();

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void shouldReportEveryValueTheTargetRoundedAndNoValueEqualByValue(String engine) throws Exception {
        boolean mariadb = engine.equals("mariadb");
        try (TestDatabase legacyDb = mariadb ? TestMariaDb.server().createDatabase("rounding")
                : TestPostgres.server().createDatabase("rounding_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("rounding_target")) {
            legacyDb.execute("CREATE TABLE prices (id integer PRIMARY KEY, amount " + (mariadb ? "decimal" : "numeric")
                    + "(12, 4))", "INSERT INTO prices VALUES (1, 2.5000), (2, 1.2345), (3, 7), (4, NULL), (5, 0.0050)");
            targetDb.execute("CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(12, 2))");
            try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                    .username(legacyDb.username()).password(legacyDb.password()).build());
                    PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl())
                            .username(targetDb.username()).password(targetDb.password()).build())) {
                CutoverSchema.migrate(postgres);
                LegacyTable table = LegacyTable.named("prices");
                assertThat(SchemaCheck.of(legacy, postgres).entity(PRICES, table).report().problems())
                        .extracting(SchemaFinding::message).containsExactly("column amount (mapping column amount, "
                                + "NUMERIC) is " + (mariadb ? "decimal" : "numeric") + " with 4 fractional digits, but "
                                + "postgres column amount keeps 2, so the copy would round such values silently: declare "
                                + ".convert(\"amount\", Conversion.decimal(2)) to quarantine them, or .convert(\"amount\", "
                                + "Conversion.decimal(2, Conversion.OnRounding.REPORT)) to copy them rounded and have verify "
                                + "list them");
                assertThat(SchemaCheck.of(legacy, postgres).entity(PRICES, table.convert("amount",
                        Conversion.decimal(2, Conversion.OnRounding.REPORT))).report().problems()).isEmpty();
                // Copied without the declaration all the same (the backfill API does not enforce the schema check):
                assertThat(Backfill.of("rounding", BackfillSource.legacy(legacy, legacy.store(PRICES, table)), postgres,
                        BackfillConfig.custom().build()).run().rowsCopied()).isEqualTo(5);

                VerifyReport report = Verifier.of(PRICES, legacy, table, postgres, VerifyConfig.custom()
                        .recheckDelay(Duration.ZERO).build()).verify();

                assertThat(report.status()).isEqualTo(VerifyReport.Status.DIFFERENT);
                assertThat(report.mismatches()).as(report.toText()).extracting(RowMismatch::kind, RowMismatch::describeKey)
                        .containsExactly(tuple(RowMismatch.Kind.DIFFERENT, "id=2"), tuple(RowMismatch.Kind.DIFFERENT, "id=5"));
                assertThat(report.mismatches().get(0).differences()).extracting(Difference::path)
                        .containsExactly("amount");
            }
        }
    }
}
