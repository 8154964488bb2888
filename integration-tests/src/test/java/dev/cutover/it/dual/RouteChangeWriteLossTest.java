package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.dual.MirrorMode;
import dev.cutover.it.PostgresBehindProxy;
import dev.cutover.reference.Client;
import dev.cutover.routing.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write on a single route made while the other side's outbox still holds entries of the same row is never overwritten
 * by the reconciler with the other side's older row: the emergency override to {@code legacy} (in a new process, or live)
 * with {@code postgres-dual} entries pending, and the same the other way round ({@code legacy-dual} entries pending, then
 * {@code postgres}). Issue 9, item 4.
 */
class RouteChangeWriteLossTest {
    private static final long ID = 42;
    private static DualWriteFixture.Databases databases;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("route_change_loss");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @BeforeEach
    void reset() {
        databases.reset();
    }

    private static Client client(String name) {
        return DualWriteFixture.client(ID, name);
    }

    private static String nameOnLegacy(DualWriteFixture fixture) {
        return fixture.legacy.clientStore().findByKeys(List.of(ID)).stream().map(Client::name).findFirst().orElse(null);
    }

    private static String nameOnPostgres(DualWriteFixture fixture) {
        return fixture.postgres.clientStore().findByKeys(List.of(ID)).stream().map(Client::name).findFirst().orElse(null);
    }

    /** Entries left by a process that wrote with one side down, then a new process on the other side's single route. */
    @Test
    void shouldKeepALegacyWriteMadeUnderTheOverrideAfterARestartWithPostgresEntriesPending() throws Exception {
        try (PostgresBehindProxy legacyProxy = new PostgresBehindProxy(databases.legacy())) {
            try (DualWriteFixture before = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, legacyProxy.jdbcUrl(),
                    databases.target().jdbcUrl(), builder -> builder)) {
                legacyProxy.crusher.close();
                legacyProxy.crusher.closeAllPairs();
                before.routes.set(Route.POSTGRES_DUAL);
                before.clients().save(client("older, on postgres-dual"));
            }
        }
        assertThat(databases.target().queryLong("SELECT count(*) FROM cutover.outbox")).as("entry left pending").isEqualTo(1);

        // CUTOVER_ROUTE_OVERRIDE=legacy on the new process; its reconciler leaves old entries alone until drained
        try (DualWriteFixture after = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, databases.target().jdbcUrl(),
                builder -> builder.gracePeriod(Duration.ofHours(1)))) {
            after.routes.set(Route.LEGACY);
            after.clients().save(client("newer, on legacy alone"));

            assertThat(after.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("drained").isTrue();
            assertThat(nameOnLegacy(after)).as("the acknowledged legacy write").isEqualTo("newer, on legacy alone");
            assertThat(nameOnPostgres(after)).as("postgres converged to it").isEqualTo("newer, on legacy alone");
            assertThat(after.differences()).isEmpty();
        }
    }

    @Test
    void shouldKeepAPostgresWriteMadeAfterARestartWithLegacyEntriesPending() throws Exception {
        try (PostgresBehindProxy targetProxy = new PostgresBehindProxy(databases.target())) {
            try (DualWriteFixture before = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, targetProxy.jdbcUrl(),
                    builder -> builder)) {
                targetProxy.crusher.close();
                targetProxy.crusher.closeAllPairs();
                before.routes.set(Route.LEGACY_DUAL);
                before.clients().save(client("older, on legacy-dual"));
            }
        }
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).as("entry left pending").isEqualTo(1);

        try (DualWriteFixture after = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, databases.target().jdbcUrl(),
                builder -> builder.gracePeriod(Duration.ofHours(1)))) {
            after.routes.set(Route.POSTGRES);
            after.clients().save(client("newer, on postgres alone"));

            assertThat(after.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("drained").isTrue();
            assertThat(nameOnPostgres(after)).as("the acknowledged postgres write").isEqualTo("newer, on postgres alone");
            assertThat(nameOnLegacy(after)).as("legacy converged to it").isEqualTo("newer, on postgres alone");
        }
    }

    /** The same live: the reconciler is backing off from legacy's outage when the override takes effect. */
    @Test
    void shouldKeepALegacyWriteMadeUnderALiveOverrideWhileThePostgresEntryWaitsForTheReconciler() throws Exception {
        try (PostgresBehindProxy legacyProxy = new PostgresBehindProxy(databases.legacy());
                DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, legacyProxy.jdbcUrl(),
                        databases.target().jdbcUrl(), builder -> builder.backoff(Duration.ofSeconds(8), Duration.ofSeconds(8)))) {
            fixture.routes.set(Route.POSTGRES_DUAL);
            legacyProxy.crusher.close();
            legacyProxy.crusher.closeAllPairs();
            fixture.clients().save(client("older, on postgres-dual"));
            // the synchronous copy and the reconciler's first pass have failed: it now backs off for 8 s
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fixture.dualWrites.reconciler().stats().failed() >= 2);

            legacyProxy.crusher.open();
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> fixture.legacy.clientStore().count() >= 0); // its pool reconnected
            fixture.routes.set(Route.LEGACY);        // the emergency override
            fixture.clients().save(client("newer, on legacy alone"));

            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("drained").isTrue();
            assertThat(nameOnLegacy(fixture)).as("the acknowledged legacy write").isEqualTo("newer, on legacy alone");
            assertThat(nameOnPostgres(fixture)).as("postgres converged to it").isEqualTo("newer, on legacy alone");
        }
    }
}
