package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cutover.compare.Difference;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.shadow.ShadowMismatch;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShadowMismatchTableTest {
    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    private static final RepositoryMethod FIND = new RepositoryMethod("ClientRepository", "findById", MethodKind.READ, Object.class);

    private static TestDatabase database;
    private static PostgresAdapter adapter;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.server().createDatabase("shadow_mismatches");
        adapter = Adapters.create(database);
        CutoverSchema.migrate(adapter);
    }

    @AfterAll
    static void close() {
        adapter.close();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("TRUNCATE cutover.shadow_mismatches");
    }

    private static ShadowMismatch mismatch(Instant at, String arguments) {
        return new ShadowMismatch(at, FIND, Route.LEGACY_DUAL, arguments,
                List.of(new Difference("aiContext.tone", JsonNodeFactory.instance.textNode("warm"),
                        JsonNodeFactory.instance.textNode("brief")), new Difference("phone", null, "x".repeat(300))), 3);
    }

    @Test
    void shouldKeepEachMismatchAsARowWithItsDifferencesAsJson() {
        ShadowMismatchTable table = ShadowMismatchTable.of(adapter);

        table.mismatch(mismatch(AT, "42"));

        assertThat(table.recent(10)).singleElement().satisfies(row -> {
            assertThat(row.observedAt()).isEqualTo(AT);
            assertThat(row.repository()).isEqualTo("ClientRepository");
            assertThat(row.method()).isEqualTo("findById");
            assertThat(row.route()).isEqualTo("legacy-dual");
            assertThat(row.arguments()).isEqualTo("42");
            assertThat(row.differenceCount()).isEqualTo(3);
            assertThat(row.differences()).isEqualTo("[{\"path\": \"aiContext.tone\", \"legacy\": \"warm\", "
                    + "\"postgres\": \"brief\"}, {\"path\": \"phone\", \"legacy\": null, \"postgres\": \""
                    + "x".repeat(200) + "...\"}]");
        });
    }

    @Test
    void shouldWriteAtMostTheCapPerMinuteAndCountTheRest() {
        ShadowMismatchTable table = ShadowMismatchTable.of(adapter, 3);

        for (int i = 0; i < 5; i++) {
            table.mismatch(mismatch(AT.plusSeconds(i), String.valueOf(i)));
        }

        assertThat(table.recent(10)).extracting(ShadowMismatchTable.Row::arguments).containsExactly("2", "1", "0");
        assertThat(table.skipped()).isEqualTo(2);
    }

    @Test
    void shouldDeleteRowsOlderThanAnInstant() {
        ShadowMismatchTable table = ShadowMismatchTable.of(adapter);
        table.mismatch(mismatch(AT, "old"));
        table.mismatch(mismatch(AT.plusSeconds(3600), "new"));

        assertThat(table.deleteOlderThan(AT.plusSeconds(60))).isEqualTo(1);

        assertThat(table.recent(10)).extracting(ShadowMismatchTable.Row::arguments).containsExactly("new");
    }

    @Test
    void shouldNeverThrowFromTheShadowThreadWhenTheTableIsMissing() {
        try (TestDatabase bare = TestPostgres.server().createDatabase("no_cutover_schema");
                PostgresAdapter bareAdapter = Adapters.create(bare)) {
            ShadowMismatchTable table = ShadowMismatchTable.of(bareAdapter);

            table.mismatch(mismatch(AT, "1"));
            table.mismatch(mismatch(AT, "2"));

            assertThat(bare.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'shadow_mismatches'")).isZero();
        }
    }
}
