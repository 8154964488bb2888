package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.docs.ReadmeExample.Note;
import dev.cutover.docs.ReadmeExample.NoteRepository;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wiring of docs/shadow-reads-and-resilience.md runs as the page says, and the page quotes it verbatim. */
class ShadowAndResilienceExampleTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    private volatile Route route = Route.LEGACY;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = TestPostgres.server().createDatabase("shadow_doc_legacy");
        targetDatabase = TestPostgres.server().createDatabase("shadow_doc_target");
        legacyDatabase.execute("CREATE TABLE tbl_notes (note_id bigint PRIMARY KEY, text text NOT NULL)");
        targetDatabase.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)");
        for (int id = 1; id <= 200; id++) {
            legacyDatabase.execute("INSERT INTO tbl_notes VALUES (" + id + ", 'note " + id + "')");
            targetDatabase.execute("INSERT INTO notes VALUES (" + id + ", '" + (id == 7 ? "changed" : "note " + id) + "')");
        }
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    @Test
    void shouldShadowReadASampleOfTheReadsAndKeepTheMismatches() throws Exception {
        LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password()).maximumPoolSize(2).build());
        PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(2).build());
        RouteSwitch current = () -> new RouteDecision(route, RouteOrigin.DEFAULT, "test");
        RouteSource routes = methods -> methods.stream().map(m -> current).toList();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Cutover cutover = ShadowAndResilienceExample.cutover(legacy, postgres, routes, registry)) {
            NoteRepository notes = cutover.repository(NoteRepository.class);
            route = Route.POSTGRES;        // warms PostgreSQL's side (jOOQ's first use), which a cold shadow read would not wait for
            assertThat(notes.findById(7)).map(Note::text).contains("changed");
            route = Route.LEGACY_DUAL;     // after building: the build refuses dual routes until they are released
            for (int round = 0; round < 200; round++) {
                assertThat(notes.findById(7)).map(Note::text).contains("note 7");
            }
            Await.until("a shadow mismatch in cutover.shadow_mismatches",
                    () -> targetDatabase.queryLong("SELECT count(*) FROM cutover.shadow_mismatches") > 0);
            assertThat(targetDatabase.queryLong("SELECT count(*) FROM cutover.shadow_mismatches WHERE differences @> "
                    + "'[{\"path\": \"text\", \"legacy\": \"note 7\", \"postgres\": \"changed\"}]'")).isPositive();
            assertThat(registry.get("cutover.calls").tags("backend", "legacy", "outcome", "success").timer().count()).isEqualTo(200);
        }
        assertThat(legacyDatabase.openConnections()).isZero();
    }

    @Test
    void shouldBeQuotedVerbatimInThePage() {
        DocSnippets.assertQuoted("shadow-reads-and-resilience.md", "ShadowAndResilienceExample.java", "wiring", 4);
    }
}
