package dev.cutover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaReport;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.Verifier;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the tests do with a compiled, generated table: check, copy, verify, and call its repositories. */
final class ScaffoldRun {

    private ScaffoldRun() {
    }

    static LegacyAdapter legacy(TestDatabase database) {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).build());
    }

    static PostgresAdapter postgres(TestDatabase database) {
        return PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).build());
    }

    /** The generated mapping and binding of {@code entity} ({@code com.example.Users}): the {@code ...Mapping} class. */
    static EntityMapping<?, ?> mapping(GeneratedCode code, String entity) throws Exception {
        return (EntityMapping<?, ?>) code.load(entity + "Mapping").getField("MAPPING").get(null);
    }

    static LegacyTable binding(GeneratedCode code, String entity) throws Exception {
        return (LegacyTable) code.load(entity + "Mapping").getField("LEGACY").get(null);
    }

    /**
     * The schema check accepts the generated mapping and binding; a backfill copies all {@code rows} without quarantining
     * any; verify compares them all and finds 0 differences.
     */
    static <E, K> void copyAndVerify(String name, EntityMapping<E, K> mapping, LegacyTable table, LegacyAdapter legacy,
            PostgresAdapter postgres, long rows) {
        SchemaReport schema = SchemaCheck.of(legacy, postgres).entity(mapping, table).report();
        assertThat(schema.problems()).as(schema.toText()).isEmpty();

        Backfill<E, K> backfill = Backfill.of(name, BackfillSource.legacy(legacy, legacy.store(mapping, table)), postgres,
                BackfillConfig.custom().chunkSize(7).build());
        BackfillReport copied = backfill.run();
        assertThat(backfill.quarantine()).isEmpty();
        assertThat(copied.rowsCopied()).isEqualTo(rows);

        VerifyReport verified = Verifier.of(mapping, legacy, table, postgres, VerifyConfig.custom().rangeSize(5)
                .pageSize(3).recheckDelay(Duration.ZERO).build()).verify();
        assertThat(verified.mismatches()).as(verified.toText()).isEmpty();
        assertThat(verified.statistics().rowsCompared()).isEqualTo(rows);
    }

    /** Both generated repositories find the row of {@code key}, and find it equal. */
    static Object findOnBoth(GeneratedCode code, String entity, LegacyAdapter legacy, PostgresAdapter postgres, Object key)
            throws Exception {
        int dot = entity.lastIndexOf('.');
        String pkg = entity.substring(0, dot + 1);
        String simple = entity.substring(dot + 1);
        Object onLegacy = code.load(pkg + "Legacy" + simple + "Repository").getConstructor(LegacyAdapter.class)
                .newInstance(legacy);
        Object onPostgres = code.load(pkg + "Postgres" + simple + "Repository").getConstructor(PostgresAdapter.class)
                .newInstance(postgres);
        Method find = code.load(entity + "Repository").getMethod("findById", key.getClass());
        Optional<?> fromLegacy = (Optional<?>) find.invoke(onLegacy, key);
        Optional<?> fromPostgres = (Optional<?>) find.invoke(onPostgres, key);
        assertThat(fromLegacy).isPresent();
        assertThat(fromPostgres).isEqualTo(fromLegacy);
        Method findMany = code.load(entity + "Repository").getMethod("findByIds", java.util.Collection.class);
        List<Object> found = new ArrayList<>((List<?>) findMany.invoke(onPostgres, List.of(key)));
        assertThat(found).containsExactly(fromLegacy.get());
        return fromLegacy.get();
    }
}
