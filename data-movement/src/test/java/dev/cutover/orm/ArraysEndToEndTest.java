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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays from a PostgreSQL legacy database (MariaDB has none; its {@code set} is in {@link OrmDomainEndToEndTest}):
 * integer[] into INTEGER_ARRAY, smallint[] into BIGINT_ARRAY, varchar[] into TEXT_ARRAY, with NULL elements, empty arrays
 * and text that array literals must quote, through COPY, both stores and verify.
 */
class ArraysEndToEndTest {
    record Lists(Integer id, List<Integer> counts, List<Long> sizes, List<String> names) {
    }

    @SuppressWarnings("unchecked")
    static final EntityMapping<Lists, Integer> LISTS = EntityMapping.builder(Lists.class, Integer.class)
            .table("lists")
            .key("id", ColumnType.INTEGER, Lists::id)
            .nullableColumn("counts", ColumnType.INTEGER_ARRAY, Lists::counts)
            .nullableColumn("sizes", ColumnType.BIGINT_ARRAY, Lists::sizes)
            .nullableColumn("names", ColumnType.TEXT_ARRAY, Lists::names)
            .reader(row -> new Lists(row.getInteger("id"), (List<Integer>) row.get("counts", List.class),
                    (List<Long>) row.get("sizes", List.class), (List<String>) row.get("names", List.class)))
            .build();

    @Test
    void shouldCopyReadWriteAndVerifyArrays() throws Exception {
        try (TestDatabase legacyDb = TestPostgres.server().createDatabase("arrays_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("arrays_target")) {
            legacyDb.execute("CREATE TABLE lists (id integer PRIMARY KEY, counts integer[], sizes smallint[], "
                            + "names varchar(40)[])",
                    "INSERT INTO lists VALUES (1, '{1,-2,2147483647}', '{-32768,0}', ARRAY['a', 'b,c', 'd\"e', 'f\\g', "
                            + "'NULL', '', ' h ', 'ü😀'])",
                    "INSERT INTO lists VALUES (2, '{}', '{}', '{}')",
                    "INSERT INTO lists VALUES (3, '{NULL,5}', NULL, ARRAY[NULL, 'x'])");
            targetDb.execute("CREATE TABLE lists (id integer PRIMARY KEY, counts integer[], sizes bigint[], names text[])");
            try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                    .username(legacyDb.username()).password(legacyDb.password()).build());
                    PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl())
                            .username(targetDb.username()).password(targetDb.password()).build())) {
                CutoverSchema.migrate(postgres);
                LegacyTable table = LegacyTable.named("lists");
                Backfill<Lists, Integer> backfill = Backfill.of("arrays", BackfillSource.legacy(legacy,
                        legacy.store(LISTS, table)), postgres, BackfillConfig.custom().build());
                assertThat(backfill.run().rowsCopied()).isEqualTo(3);
                assertThat(targetDb.queryLong("SELECT count(*) FROM lists WHERE names[2] = 'b,c' AND names[3] = 'd\"e' "
                        + "AND names[4] = 'f\\g' AND names[5] = 'NULL' AND names[6] = '' AND names[7] = ' h ' "
                        + "AND cardinality(names) = 8")).isEqualTo(1);

                Lists first = new Lists(1, List.of(1, -2, Integer.MAX_VALUE), List.of(-32768L, 0L),
                        List.of("a", "b,c", "d\"e", "f\\g", "NULL", "", " h ", "ü😀"));
                Lists third = new Lists(3, Arrays.asList(null, 5), null, Arrays.asList(null, "x"));
                EntityStore<Lists, Integer> target = postgres.store(LISTS);
                EntityStore<Lists, Integer> source = legacy.store(LISTS, table);
                for (EntityStore<Lists, Integer> store : List.of(source, target)) {
                    assertThat(store.findByKey(1)).contains(first);
                    assertThat(store.findByKey(2)).contains(new Lists(2, List.of(), List.of(), List.of()));
                    assertThat(store.findByKey(3)).contains(third);
                }
                VerifyConfig config = VerifyConfig.custom().recheckDelay(Duration.ZERO).build();
                VerifyReport report = Verifier.of(LISTS, legacy, table, postgres, config).verify();
                assertThat(report.status()).as(report.toText()).isEqualTo(VerifyReport.Status.EQUAL);

                Lists written = new Lists(4, List.of(7), List.of(Long.MIN_VALUE), Arrays.asList("{", "}", null));
                target.upsertAll(List.of(written));
                assertThat(target.findByKey(4)).contains(written);
                source.upsertAll(List.of(new Lists(4, List.of(7), List.of(-1L), Arrays.asList("{", "}", null))));
                assertThat(Verifier.of(LISTS, legacy, table, postgres, config).verify().mismatches())
                        .extracting(m -> m.kind() + " " + m.rowKey()).containsExactly("DIFFERENT [4]");
            }
        }
    }
}
