package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.routing.Route;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** LiveRoutes applies RouteChangeCheck itself, on the store as it is under the change's lock, on a real PostgreSQL. */
@SuppressWarnings("try") // a Cutover binds the routes; several tests then read them through LiveRoutes alone
class LiveRoutesRouteCheckTest {
    private static final String STALE_FIND_BY_ID = "ClientRepository.findById: reads served by postgres (on postgres) miss the"
            + " writes of ClientRepository.save (on legacy), which do not reach postgres; put those writes on legacy-dual"
            + " first (they then reach both databases), or keep the reads on legacy or legacy-dual";
    private static FlagStoreDatabase store;
    private final Logger logger = (Logger) LoggerFactory.getLogger(LiveRoutes.class);
    private final Logger environmentLogger = (Logger) LoggerFactory.getLogger(EnvironmentRoutes.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_check");
        store.execute("CREATE TABLE cutover.outbox (id bigint PRIMARY KEY)"); // as PostgresOutbox's, for its entries alone
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStoreAndListen() {
        store.reset();
        store.execute("TRUNCATE cutover.outbox");
        events.start();
        logger.addAppender(events);
        environmentLogger.addAppender(events);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
        environmentLogger.detachAppender(events);
    }

    private List<String> warnings() {
        return events.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void shouldRefuseReadsFromADatabaseThatTheWritesNoLongerReachAndWriteNothing() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.set("ClientRepository.save", "legacy", "alice", "writes stay on legacy");

            assertThatThrownBy(() -> routes.set("ClientRepository.findById", "postgres", "alice", "canary"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessage("Refused: the change of ClientRepository.findById can lose writes or serve stale reads"
                            + " (docs/runbook.md, Emergency rollback); nothing written. " + STALE_FIND_BY_ID + ". To make it"
                            + " anyway, knowingly: LiveRoutes.forced(), which records these findings in the audit")
                    .satisfies(e -> assertThat(((RouteChangeRefusedException) e).findings()).extracting(RouteFinding::rule)
                            .containsExactly(RouteFinding.Rule.STALE_READ));

            assertThat(routes.entries()).extracting(FlagEntry::target).containsExactly("ClientRepository.save");
            assertThat(routes.auditLog(10)).hasSize(1);
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("legacy");
            assertThat(routes.findings()).isEmpty();

            routes.set("ClientRepository.save", "legacy-dual", "alice", "dual-write first");
            assertThat(routes.set("ClientRepository.findById", "postgres", "alice", "now it is safe").forced()).isEmpty();
        }
    }

    @Test
    void shouldMakeAForcedChangeRecordingWhatItWasForcedPastAndWarn() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            RouteChange change = routes.forced().via(ChangeTool.CONSOLE).set("ClientRepository.findById", "postgres", "alice",
                    "canary, writes mirrored by hand");

            assertThat(change.forced()).extracting(RouteFinding::message).containsExactly(STALE_FIND_BY_ID);
            AuditEntry audit = routes.auditLog(1).get(0);
            assertThat(audit.forced()).containsExactly(STALE_FIND_BY_ID);
            assertThat(audit.identity().tool()).isEqualTo("console");
            assertThat(routes.findings()).extracting(RouteFinding::message).containsExactly(STALE_FIND_BY_ID);
            assertThat(warnings()).containsExactly("alice forced the change of ClientRepository.findById past: "
                    + STALE_FIND_BY_ID, "Stale reads possible: " + STALE_FIND_BY_ID);
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldRefuseAMoveOfWritesThatCanLoseThemThroughTheApiToo() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.set("ClientRepository", "postgres-dual", "alice", "phase 4");

            assertThatThrownBy(() -> routes.set("override", Route.LEGACY, "bob", "incident 42"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining("ClientRepository.save: postgres-dual -> legacy: writes on legacy alone record no"
                            + " outbox entry")
                    .hasMessageContaining("go to legacy-dual first, drain with 'cutover reconcile', then legacy");
            assertThatThrownBy(() -> routes.dryRun().set("override", Route.LEGACY, "bob", "incident 42"))
                    .as("a dry run answers as the change would").isInstanceOf(RouteChangeRefusedException.class);
            assertThat(routes.entries()).extracting(FlagEntry::target).containsExactly("ClientRepository");

            routes.set("override", Route.LEGACY_DUAL, "bob", "incident 42");
            assertThat(TestRepositories.decision(cutover, "ClientRepository.save").route()).isEqualTo(Route.LEGACY_DUAL);
        }
    }

    @Test
    void shouldRefuseLegacyForWritesWhilePostgresOutboxInTheStoresDatabaseHoldsEntries() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.set("ClientRepository", "legacy-dual", "alice", "phase 1");
            store.execute("INSERT INTO cutover.outbox VALUES (1), (2)");

            assertThatThrownBy(() -> routes.clear("ClientRepository", "bob", "back to legacy"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining("ClientRepository.save: legacy-dual -> legacy while PostgreSQL's outbox holds 2"
                            + " entries not yet copied to legacy");
            store.execute("TRUNCATE cutover.outbox");
            assertThat(routes.clear("ClientRepository", "bob", "drained").to()).isEqualTo("unset");
        }
    }

    @Test
    void shouldAskTheConfiguredOutboxWhenPostgresOutboxIsElsewhere() {
        try (LiveRoutes routes = store.routes().postgresOutbox(new BacklogOnly(7)).build(); Cutover cutover = cutover(routes)) {
            routes.set("ClientRepository", "legacy-dual", "alice", "phase 1");

            assertThatThrownBy(() -> routes.clear("ClientRepository", "bob", "back to legacy"))
                    .hasMessageContaining("while PostgreSQL's outbox holds 7 entries");
        }
    }

    @Test
    void shouldCheckTheStoreAsItIsNotAsThisInstanceLastReadIt() {
        try (LiveRoutes first = store.routes().build(); Cutover one = cutover(first);
                LiveRoutes second = store.routes().build(); Cutover two = cutover(second)) {
            first.set("ClientRepository.save", "legacy-dual", "alice", "dual-write");
            first.set("ClientRepository.findById", "postgres", "alice", "reads on postgres");
            assertThat(TestRepositories.decision(two, "ClientRepository.findById").route()).as("second has not read it yet")
                    .isEqualTo(Route.LEGACY);

            assertThatThrownBy(() -> second.clear("ClientRepository.save", "bob", "writes back to legacy alone"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining(STALE_FIND_BY_ID);
        }
    }

    @Test
    void shouldWarnOfStaleReadsAtStartupAndWhenALiveChangeBringsThem() {
        try (LiveRoutes writer = store.routes().build(); Cutover one = cutover(writer);
                LiveRoutes reader = store.routes().build(); Cutover two = cutover(reader)) {
            writer.forced().set("ClientRepository.findById", "postgres", "alice", "forced");
            events.list.clear();

            reader.refresh();
            assertThat(warnings()).containsExactly("Stale reads possible: " + STALE_FIND_BY_ID);
            assertThat(reader.findings()).extracting(RouteFinding::message).containsExactly(STALE_FIND_BY_ID);
        }
        events.list.clear();
        try (LiveRoutes starting = store.routes().build(); Cutover cutover = cutover(starting)) {
            assertThat(warnings()).containsExactly("Stale reads possible: " + STALE_FIND_BY_ID);
        }
        events.list.clear();
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres"))) {
            assertThat(warnings()).containsExactly("Stale reads possible: " + STALE_FIND_BY_ID);
        }
        events.list.clear();
        try (LiveRoutes quiet = store.routes(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "legacy")).build();
                Cutover cutover = cutover(quiet)) {
            assertThat(warnings()).as("the variable beats the store's entry: reads stay on legacy").isEmpty();
        }
    }

    /** An outbox that answers its backlog alone, as another database's would. */
    private record BacklogOnly(long entries) implements Outbox {
        @Override
        public Backend primary() {
            return Backend.POSTGRES;
        }

        @Override
        public String description() {
            return "a test outbox";
        }

        @Override
        public List<OutboxEntry> record(List<OutboxKey> keys, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OutboxEntry> pending(Instant createdBefore, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OutboxEntry> entriesOf(Collection<OutboxKey> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(Collection<OutboxEntry> entries) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Backlog backlog(Instant now) {
            return new Backlog(Backend.POSTGRES, description(), entries, now, now);
        }
    }
}
