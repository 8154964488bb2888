package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cutover.Cutover;
import dev.cutover.routing.Route;
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
            routes.set("ClientRepository", "legacy-dual", "alice", "phase 1");
            routes.set("ClientRepository", "postgres-dual", "alice", "phase 4");

            assertThatThrownBy(() -> routes.set("override", Route.LEGACY, "bob", "incident 42"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining("ClientRepository.save: postgres-dual -> legacy: while the change reaches every"
                            + " instance, a write of a row on legacy alone")
                    .hasMessageContaining("go to legacy-dual first (no drain needed), then legacy once every instance"
                            + " routes there");
            assertThatThrownBy(() -> routes.dryRun().set("override", Route.LEGACY, "bob", "incident 42"))
                    .as("a dry run answers as the change would").isInstanceOf(RouteChangeRefusedException.class);
            assertThat(routes.entries()).extracting(FlagEntry::target).containsExactly("ClientRepository");

            routes.set("override", Route.LEGACY_DUAL, "bob", "incident 42");
            assertThat(TestRepositories.decision(cutover, "ClientRepository.save").route()).isEqualTo(Route.LEGACY_DUAL);
            routes.set("override", Route.LEGACY, "bob", "incident 42, legacy alone");
            assertThat(TestRepositories.decision(cutover, "ClientRepository.save").route()).isEqualTo(Route.LEGACY);
        }
    }

    /**
     * Every move of a repository's routes (reads and writes together, so that no read is stale) from one route to another,
     * with PostgreSQL's outbox in the store's database empty and holding entries: refused exactly when the move can lose
     * a write, whatever the backlog, since a write on a single route is recorded while the other outbox holds entries.
     */
    @Test
    void shouldRefuseExactlyTheMovesOfWritesThatCanLoseOneWhateverTheBacklog() {
        String postgresAlone = "legacy lacks every write made on postgres alone";
        String race = "while the change reaches every instance";
        Object[][] table = {
            // from, to, the reason of the refusal (null: the move is made)
            {Route.LEGACY, Route.LEGACY_DUAL, null},
            {Route.LEGACY, Route.POSTGRES_DUAL, null}, // PostgreSQL lacks legacy's writes: backfill and verify first
            {Route.LEGACY, Route.POSTGRES, null},
            {Route.LEGACY_DUAL, Route.LEGACY, null},
            {Route.LEGACY_DUAL, Route.POSTGRES_DUAL, null},
            {Route.LEGACY_DUAL, Route.POSTGRES, race},
            {Route.POSTGRES_DUAL, Route.LEGACY, race},
            {Route.POSTGRES_DUAL, Route.LEGACY_DUAL, null},
            {Route.POSTGRES_DUAL, Route.POSTGRES, null},
            {Route.POSTGRES, Route.LEGACY, postgresAlone},
            {Route.POSTGRES, Route.LEGACY_DUAL, postgresAlone},
            {Route.POSTGRES, Route.POSTGRES_DUAL, null},
        };
        assertThat(table.length).as("every ordered pair of distinct routes").isEqualTo(Route.values().length
                * (Route.values().length - 1));
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            for (Object[] row : table) {
                Route from = (Route) row[0];
                Route to = (Route) row[1];
                String reason = (String) row[2];
                for (int backlog : new int[] {0, 2}) {
                    String move = from.id() + " -> " + to.id() + " with " + backlog + " entries in PostgreSQL's outbox";
                    store.reset();
                    store.execute("TRUNCATE cutover.outbox");
                    routes.forced().set("ClientRepository", from, "alice", "from");
                    if (backlog > 0) {
                        store.execute("INSERT INTO cutover.outbox VALUES (1), (2)");
                    }
                    if (reason == null) {
                        assertThat(routes.set("ClientRepository", to, "bob", "to").forced()).as(move).isEmpty();
                        assertThat(TestRepositories.decision(cutover, "ClientRepository.save").route()).as(move).isEqualTo(to);
                    } else {
                        assertThatThrownBy(() -> routes.set("ClientRepository", to, "bob", "to")).as(move)
                                .isInstanceOf(RouteChangeRefusedException.class)
                                .satisfies(e -> assertThat(((RouteChangeRefusedException) e).findings()).as(move)
                                        .extracting(RouteFinding::rule, RouteFinding::method)
                                        .contains(org.assertj.core.groups.Tuple.tuple(RouteFinding.Rule.WRITE_LOSS,
                                                "ClientRepository.save")))
                                .hasMessageContaining("ClientRepository.save: " + from.id() + " -> " + to.id() + ": " + reason);
                        assertThat(TestRepositories.decision(cutover, "ClientRepository.save").route()).as(move)
                                .isEqualTo(from);
                    }
                }
            }
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
}
