package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.it.BothSides;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.routing.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legacy database the library may not create its outbox in: the keys of legacy-primary writes go to a local
 * journal, forced to disk before each write commits, and a later process replays what is left of it.
 */
class DualWriteJournalTest {
    private static DualWriteFixture.Databases databases;

    @TempDir
    Path directory;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_journal");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    private record Running(Cutover cutover, DualWrites dualWrites, LegacyRepositories legacy, PostgresRepositories postgres) {
    }

    private Running start(Path journal, DualWrites.Builder settings) {
        LegacyAdapter legacyAdapter = DualWriteFixture.legacyAdapter(databases.legacy().jdbcUrl(),
                databases.legacy().username(), databases.legacy().password());
        PostgresAdapter postgresAdapter = DualWriteFixture.postgresAdapter(databases.target().jdbcUrl(),
                databases.target().username(), databases.target().password());
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = ReferenceDomain.dualWrites(settings, legacy, postgres)
                .outbox(Outbox.journal(Backend.LEGACY, journal))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .build();
        FlipRoutes routes = new FlipRoutes();
        Cutover cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy, postgres);
        routes.set(Route.LEGACY_DUAL);
        return new Running(cutover, dualWrites, legacy, postgres);
    }

    @Test
    void shouldMirrorThroughAJournalAndReplayItsEntriesInTheNextProcess() throws Exception {
        Path journal = directory.resolve("legacy-outbox.journal");
        List<Client> clients = ReferenceData.generate(5, 2, 15).clients();
        // A first process whose reconciler leaves every entry where it is: each write was mirrored on the caller's
        // thread, but nothing was settled before it stopped.
        Running first = start(journal, DualWrites.custom().mode(MirrorMode.SYNCHRONOUS).queueCapacity(0)
                .gracePeriod(Duration.ofHours(1)));
        try {
            ClientRepository repository = first.cutover().repository(ClientRepository.class);
            clients.forEach(repository::save);
            repository.delete(clients.get(0).id());
            assertThat(first.postgres().clientStore().count()).isEqualTo(clients.size() - 1);
        } finally {
            first.cutover().close();
        }
        assertThat(Files.readAllLines(journal)).hasSize(clients.size() + 1);
        // Meanwhile PostgreSQL lost a row and holds a stale one: what an interrupted mirror leaves.
        databases.target().execute("DELETE FROM clients WHERE id = " + clients.get(1).id(),
                "UPDATE clients SET name = 'stale' WHERE id = " + clients.get(2).id());

        Running second = start(journal, DualWrites.custom().mode(MirrorMode.ASYNCHRONOUS).gracePeriod(Duration.ofSeconds(1)));
        try {
            assertThat(second.dualWrites().reconciler().measureBacklog().get(0).entries()).isEqualTo(clients.size() + 1);
            assertThat(second.dualWrites().reconciler().awaitEmpty(Duration.ofSeconds(30))).isTrue();

            List<String> differences = new java.util.ArrayList<>();
            BothSides.compare(second.legacy().clientStore(), second.postgres().clientStore(), differences);
            assertThat(differences).isEmpty();
            assertThat(second.postgres().clientStore().findByKey(clients.get(2).id())).map(Client::name)
                    .contains(clients.get(2).name());
            assertThat(second.dualWrites().reconciler().stats().mirrored()).as("the two broken rows").isEqualTo(2);
        } finally {
            second.cutover().close();
        }
    }
}
