package dev.cutover.flags;

import dev.cutover.testsupport.ManualClock;
import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change leaves a row saying who, when, what, from what to what and why; a dry run leaves nothing. */
class LiveRoutesAuditTest {
    /** Compared apart: the identity is the test's own, checked by LiveRoutesIdentityTest. */
    private static final AuditIdentity NONE = new AuditIdentity(null, null, null, null, null, null);
    private static final Instant T0 = Instant.parse("2026-11-21T06:40:00Z");
    private static FlagStoreDatabase store;
    private final ManualClock clock = new ManualClock(T0);

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_audit");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStore() {
        store.reset();
    }

    @Test
    void shouldAuditEveryChangeWithWhoWhenWhatFromToAndWhy() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository.findById", "postgres", "alice", "canary after verify run 42");
            clock.advance(Duration.ofMinutes(5).plusNanos(123_456_789));
            routes.forced().rollout("ClientRepository.save", Rollout.of(Route.POSTGRES, 25).withTenants("acme"), "bob", "25% of writes");
            clock.advance(Duration.ofMinutes(5));
            routes.forced().rollout("ClientRepository.save", Rollout.toTenants(Route.POSTGRES, "acme", "beta"), "bob", "only two");
            clock.advance(Duration.ofMinutes(5));
            routes.forced().set("ClientRepository.findById", "legacy", "carol", "incident 7");
            routes.forced().clear("ClientRepository.save", "carol", "incident 7");
            routes.forced().clear("ClientRepository.save", "carol", "again");
            assertThat(cutover.repository(ClientRepository.class).save("x")).isEqualTo("legacy");

            Instant t5 = T0.plus(Duration.ofMinutes(5)).plusNanos(123_456_000);
            Instant t15 = T0.plus(Duration.ofMinutes(15)).plusNanos(123_456_000);
            assertThat(routes.auditLog(10)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("identity", "forced")
                    .containsExactly(
                    new AuditEntry(6, t15, "carol", "ClientRepository.save", "unset", "unset", "again", NONE, List.of()),
                    new AuditEntry(5, t15, "carol", "ClientRepository.save",
                            "rollout to postgres for tenants [acme, beta], else legacy", "unset", "incident 7", NONE, List.of()),
                    new AuditEntry(4, t15, "carol", "ClientRepository.findById", "postgres", "legacy", "incident 7", NONE, List.of()),
                    new AuditEntry(3, t5.plus(Duration.ofMinutes(5)), "bob", "ClientRepository.save",
                            "rollout to postgres for 25% of tenants and [acme], else legacy",
                            "rollout to postgres for tenants [acme, beta], else legacy", "only two", NONE, List.of()),
                    new AuditEntry(2, t5, "bob", "ClientRepository.save", "unset",
                            "rollout to postgres for 25% of tenants and [acme], else legacy", "25% of writes", NONE, List.of()),
                    new AuditEntry(1, T0, "alice", "ClientRepository.findById", "unset", "postgres",
                            "canary after verify run 42", NONE, List.of()));
            assertThat(routes.auditLog("ClientRepository.findById", 1)).extracting(AuditEntry::id).containsExactly(4L);
            assertThat(routes.auditLog(2)).extracting(AuditEntry::id).containsExactly(6L, 5L);
        }
    }

    @Test
    void shouldAnswerTheChangeAsAudited() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            RouteChange change = routes.forced().set("default", "postgres", "alice", "everything");

            AuditEntry audited = routes.auditLog(1).get(0);
            assertThat(List.of(change.target(), change.from(), change.to(), change.actor(), change.reason()))
                    .isEqualTo(List.of(audited.target(), audited.from(), audited.to(), audited.actor(), audited.reason()));
            assertThat(change.at()).isEqualTo(audited.at()).isEqualTo(T0);
            assertThat(change.dryRun()).isFalse();
            assertThat(cutover.routes()).extracting(MethodRoute::decision).allSatisfy(d -> assertThat(d.route())
                    .isEqualTo(Route.POSTGRES));
        }
    }

    @Test
    void shouldWriteNothingOnADryRun() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("ClientRepository", "postgres", "alice", "clients");
            List<List<String>> before = store.rows("SELECT * FROM cutover.route_flag");

            assertThatThrownBy(() -> routes.dryRun().set("ClientRepository.findById", "legacy", "bob", "what if"))
                    .isInstanceOf(RouteChangeRefusedException.class)
                    .hasMessageContaining("ClientRepository.findById: reads served by legacy (on legacy) miss the writes of"
                            + " ClientRepository.save (on postgres)");
            RouteChange preview = routes.dryRun().forced().set("ClientRepository.findById", "legacy", "bob", "what if");
            RouteChange rolloutPreview = routes.dryRun().forced().rollout("ClientRepository.save", Rollout.of(Route.LEGACY, 10)
                    .withOtherwise(Route.POSTGRES), "bob", "roll back a tenth");
            RouteChange clearPreview = routes.dryRun().forced().clear("ClientRepository", "bob", "what if not");

            assertThat(preview).isEqualTo(new RouteChange("ClientRepository.findById", "unset", "legacy", "bob", "what if",
                    T0, true, preview.routesAfter(), preview.forced()));
            assertThat(preview.forced()).extracting(RouteFinding::rule).containsExactly(RouteFinding.Rule.STALE_READ);
            assertThat(preview.routesAfter()).extracting(MethodRoute::toString).containsExactly(
                    "ClientRepository.findById (read) -> legacy [method: store: set by bob at 2026-11-21T06:40:00Z]");
            assertThat(rolloutPreview.to()).isEqualTo("rollout to legacy for 10% of tenants, else postgres");
            assertThat(rolloutPreview.routesAfter()).extracting(MethodRoute::toString).containsExactly(
                    "ClientRepository.save (write) -> postgres [method: store: rollout to legacy for 10% of tenants, else"
                            + " postgres; no tenant; set by bob at 2026-11-21T06:40:00Z]");
            assertThat(clearPreview.from()).isEqualTo("postgres");
            assertThat(clearPreview.to()).isEqualTo("unset");
            assertThat(clearPreview.routesAfter()).hasSize(3).allSatisfy(route -> assertThat(route.toString())
                    .endsWith("-> legacy [default: built-in default]"));

            assertThat(store.rows("SELECT * FROM cutover.route_flag")).isEqualTo(before);
            assertThat(routes.auditLog(10)).hasSize(1);
            assertThat(cutover.repository(ClientRepository.class).findById(1L)).isEqualTo("postgres");
            assertThat(cutover.repository(ClientRepository.class).save("x")).isEqualTo("postgres");
        }
    }

    @Test
    void shouldValidateTheAuditLogLimit() {
        try (LiveRoutes routes = store.routes().build()) {
            assertThatThrownBy(() -> routes.auditLog(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An audit log read takes 1 to 10000 rows; got 0");
            assertThat(routes.auditLog(5)).isEmpty();
        }
    }

    @Test
    void shouldListTheStoreEntriesAsStoredSortedByTarget() {
        try (LiveRoutes routes = store.routes().clock(clock).build(); Cutover cutover = cutover(routes)) {
            routes.forced().set("default", "postgres", "alice", "everything");
            routes.forced().rollout("ClientRepository.save", Rollout.of(Route.POSTGRES, 25).withTenants("acme"), "bob", "a quarter");
            routes.forced().set("ClientRepository.findById", "legacy", "carol", "incident 7");
            routes.dryRun().forced().set("override", "legacy", "dave", "only looking");
            assertThat(TestRepositories.decision(cutover, "BookingRepository.findById").route()).isEqualTo(Route.POSTGRES);

            assertThat(routes.entries()).containsExactly(
                    new FlagEntry("ClientRepository.findById", "legacy", "carol", T0, "incident 7"),
                    new FlagEntry("ClientRepository.save", "rollout to postgres for 25% of tenants and [acme], else legacy",
                            "bob", T0, "a quarter"),
                    new FlagEntry("default", "postgres", "alice", T0, "everything"));
            routes.forced().clear("default", "alice", "back");
            assertThat(routes.entries()).extracting(FlagEntry::target)
                    .containsExactly("ClientRepository.findById", "ClientRepository.save");
        }
    }
}
