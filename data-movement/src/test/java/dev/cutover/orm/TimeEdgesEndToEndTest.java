package dev.cutover.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dates and times at PostgreSQL's edges, from a PostgreSQL legacy database (MariaDB holds none of them): infinity and
 * -infinity, years BC, years beyond 9999. The copy (COPY text) writes them as PostgreSQL reads them, both stores read
 * and write them, and verify, comparing instants, finds the copy equal.
 */
class TimeEdgesEndToEndTest {
    record Moment(Integer id, Instant at, LocalDateTime local, LocalDate day) {
    }

    static final EntityMapping<Moment, Integer> MOMENTS = EntityMapping.builder(Moment.class, Integer.class)
            .table("moments")
            .key("id", ColumnType.INTEGER, Moment::id)
            .nullableColumn("at", ColumnType.TIMESTAMPTZ, Moment::at)
            .nullableColumn("local", ColumnType.TIMESTAMP, Moment::local)
            .nullableColumn("day", ColumnType.DATE, Moment::day)
            .reader(row -> new Moment(row.getInteger("id"), row.getInstant("at"), row.get("local", LocalDateTime.class),
                    row.getLocalDate("day")))
            .build();

    static final String DDL = "CREATE TABLE moments (id integer PRIMARY KEY, at timestamptz, local timestamp, day date)";

    @Test
    void shouldCopyReadWriteAndVerifyInfinityYearsBcAndYearsBeyond9999() throws Exception {
        try (TestDatabase legacyDb = TestPostgres.server().createDatabase("edges_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("edges_target")) {
            legacyDb.execute(DDL,
                    "INSERT INTO moments VALUES (1, 'infinity', 'infinity', 'infinity')",
                    "INSERT INTO moments VALUES (2, '-infinity', '-infinity', '-infinity')",
                    "INSERT INTO moments VALUES (3, '0044-03-15 10:00:00+00 BC', '0044-03-15 10:00:00 BC', '0001-01-01 BC')",
                    "INSERT INTO moments VALUES (4, '294276-12-31 23:59:59.999999+00', '294276-12-31 23:59:59.999999', "
                            + "'5874897-12-31')",
                    "INSERT INTO moments VALUES (5, '2024-02-29 12:00:00.000001+00', '2024-02-29 12:00:00.000001', "
                            + "'2024-02-29')");
            targetDb.execute(DDL);
            try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                    .username(legacyDb.username()).password(legacyDb.password()).build());
                    PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl())
                            .username(targetDb.username()).password(targetDb.password()).build())) {
                CutoverSchema.migrate(postgres);
                LegacyTable table = LegacyTable.named("moments");
                Backfill<Moment, Integer> backfill = Backfill.of("edges", BackfillSource.legacy(legacy,
                        legacy.store(MOMENTS, table)), postgres, BackfillConfig.custom().chunkSize(2).build());
                assertThat(backfill.run().rowsCopied()).isEqualTo(5);
                assertThat(backfill.quarantine()).isEmpty();
                assertThat(targetDb.queryLong("SELECT count(*) FROM moments m JOIN (VALUES "
                        + "(1, 'infinity'::timestamptz, 'infinity'::timestamp, 'infinity'::date), "
                        + "(2, '-infinity', '-infinity', '-infinity'), "
                        + "(3, '0044-03-15 10:00:00+00 BC', '0044-03-15 10:00:00 BC', '0001-01-01 BC'), "
                        + "(4, '294276-12-31 23:59:59.999999+00', '294276-12-31 23:59:59.999999', '5874897-12-31')) "
                        + "AS e(id, at, local, day) ON e.id = m.id AND e.at = m.at AND e.local = m.local AND e.day = m.day"))
                        .as("the copy holds each value as the legacy database does").isEqualTo(4);

                EntityStore<Moment, Integer> target = postgres.store(MOMENTS);
                EntityStore<Moment, Integer> source = legacy.store(MOMENTS, table);
                Moment infinite = new Moment(1, Instant.MAX, LocalDateTime.MAX, LocalDate.MAX);
                Moment bc = new Moment(3, Instant.parse("-0043-03-15T10:00:00Z"), LocalDateTime.of(-43, 3, 15, 10, 0),
                        LocalDate.of(0, 1, 1));
                Moment far = new Moment(4, Instant.parse("+294276-12-31T23:59:59.999999Z"),
                        LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000), LocalDate.of(5874897, 12, 31));
                for (EntityStore<Moment, Integer> store : List.of(source, target)) {
                    assertThat(store.findByKey(1)).contains(infinite);
                    assertThat(store.findByKey(2)).contains(new Moment(2, Instant.MIN, LocalDateTime.MIN, LocalDate.MIN));
                    assertThat(store.findByKey(3)).contains(bc);
                    assertThat(store.findByKey(4)).contains(far);
                }

                VerifyConfig config = VerifyConfig.custom().rangeSize(2).pageSize(2).recheckDelay(Duration.ZERO).build();
                VerifyReport equal = Verifier.of(MOMENTS, legacy, table, postgres, config).verify();
                assertThat(equal.status()).as(equal.toText()).isEqualTo(VerifyReport.Status.EQUAL);
                assertThat(equal.method()).as(equal.toText()).isEqualTo(VerifyReport.Method.CHECKSUM);

                // Each store writes them back as PostgreSQL reads them.
                List<Moment> written = List.of(new Moment(11, Instant.MAX, LocalDateTime.MIN, LocalDate.MAX),
                        new Moment(13, bc.at(), bc.local(), bc.day()), new Moment(14, far.at(), far.local(), far.day()));
                source.upsertAll(written);
                target.upsertAll(written);
                assertThat(source.findByKeys(List.of(11, 13, 14))).containsExactlyInAnyOrderElementsOf(written);
                assertThat(target.findByKeys(List.of(11, 13, 14))).containsExactlyInAnyOrderElementsOf(written);
                assertThat(targetDb.queryLong("SELECT count(*) FROM moments WHERE id = 11 AND at = 'infinity' "
                        + "AND local = '-infinity' AND day = 'infinity'")).isEqualTo(1);
                assertThat(Verifier.of(MOMENTS, legacy, table, postgres, config).verify().status())
                        .isEqualTo(VerifyReport.Status.EQUAL);

                // The checksums see a change of a timestamp without time zone alone.
                targetDb.execute("UPDATE moments SET local = local + interval '1 microsecond' WHERE id = 5");
                VerifyReport changed = Verifier.of(MOMENTS, legacy, table, postgres, config).verify();
                assertThat(changed.method()).isEqualTo(VerifyReport.Method.CHECKSUM);
                assertThat(changed.mismatches()).extracting(m -> m.kind() + " " + m.rowKey())
                        .containsExactly("DIFFERENT [5]");
            }
        }
    }
}
