package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.status.Backlog;
import dev.cutover.dual.DualWriteConfigurationException;
import dev.cutover.dual.DualWrites;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Mappings;
import dev.cutover.dual.MirrorMode;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.StaffService;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a dual-write does to both real databases, in each direction and mode. */
class DualWriteMirroringTest {
    private static DualWriteFixture.Databases databases;

    private final ReferenceData data = ReferenceData.generate(11, 2, 10);
    private DualWriteFixture fixture;

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_mirror");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @BeforeEach
    void reset() {
        databases.reset();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private DualWriteFixture fixture(MirrorMode mode, Route route) {
        fixture = new DualWriteFixture(databases, mode);
        fixture.routes.set(route);
        return fixture;
    }

    private static Client renamed(Client c, String name) {
        return new Client(c.id(), c.yclientsId(), c.companyId(), name, c.phone(), c.email(), c.aiContext(), c.visitHistory(),
                c.vip(), c.balance(), c.createdAt(), c.updatedAt().plusSeconds(1));
    }

    private long outboxRows() {
        return databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")
                + databases.target().queryLong("SELECT count(*) FROM cutover.outbox");
    }

    @Test
    void shouldHavePostgresHoldTheLegacyRowWhenASynchronousWriteReturns() throws Exception {
        fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL);
        Client client = data.clients().get(0);

        fixture.clients().save(client);

        assertThat(fixture.legacy.clientStore().findByKey(client.id())).contains(client);
        assertThat(fixture.postgres.clientStore().findByKey(client.id())).contains(client);
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(outboxRows()).isZero();
    }

    @Test
    void shouldHaveLegacyHoldThePostgresRowOnPostgresDual() throws Exception {
        fixture(MirrorMode.SYNCHRONOUS, Route.POSTGRES_DUAL);
        List<Client> clients = data.clients().subList(0, 5);

        fixture.clients().saveAll(clients);
        fixture.bookings().save(data.bookings().get(0));

        assertThat(fixture.legacy.clientStore().findByKeys(clients.stream().map(Client::id).toList())).isEqualTo(clients);
        assertThat(fixture.legacy.bookingStore().findByKey(data.bookings().get(0).id())).contains(data.bookings().get(0));
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(fixture.differences()).isEmpty();
    }

    @Test
    @Tag("slow")
    void shouldRecordTheKeysOfAWriteOfAnySizeOnPostgresDualAsOnPostgres() throws Exception {
        // 25,000 keys of three outbox parameters each: one multi-row INSERT would pass PgJDBC's 65,535 bind parameters
        // (issue 9, item 2: the same saveAll succeeded on route postgres and failed on postgres-dual).
        fixture(MirrorMode.SYNCHRONOUS, Route.POSTGRES_DUAL);
        List<Client> clients = ReferenceData.generate(12, 25, 1_000).clients();

        fixture.clients().saveAll(clients);

        assertThat(databases.target().queryLong("SELECT count(*) FROM clients")).isEqualTo(clients.size());
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(clients.size());
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofMinutes(2))).isTrue();
        assertThat(outboxRows()).isZero();
    }

    @Test
    void shouldCopyEveryWriteInTheBackgroundInAsynchronousMode() throws Exception {
        fixture(MirrorMode.ASYNCHRONOUS, Route.LEGACY_DUAL);

        fixture.clients().saveAll(data.clients());
        for (Booking booking : data.bookings()) {
            fixture.bookings().save(booking);
        }

        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(20))).isTrue();
        assertThat(fixture.differences()).isEmpty();
        assertThat(fixture.postgres.clientStore().count()).isEqualTo(data.clients().size());
    }

    @Test
    void shouldMirrorDeletesAndWritesWithDeclaredKeys() throws Exception {
        fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL);
        Client kept = data.clients().get(0);
        Client deleted = data.clients().get(1);
        Booking booking = data.bookings().get(0);
        StaffService link = data.staffServices().get(0);
        fixture.clients().saveAll(List.of(kept, deleted));
        fixture.bookings().save(booking);
        fixture.staffServices().save(link);

        assertThat(fixture.clients().delete(deleted.id())).isTrue();
        assertThat(fixture.bookings().updateStatus(booking.id(), "cancelled", booking.updatedAt().plusSeconds(60))).isTrue();
        assertThat(fixture.staffServices().delete(link.key())).isTrue();

        assertThat(fixture.postgres.clientStore().findByKey(deleted.id())).isEmpty();
        assertThat(fixture.postgres.clientStore().findByKey(kept.id())).contains(kept);
        assertThat(fixture.postgres.bookingStore().findByKey(booking.id())).map(Booking::status).contains("cancelled");
        assertThat(fixture.postgres.staffServiceStore().findByKey(link.key())).isEmpty();
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(fixture.differences()).isEmpty();
    }

    @Test
    void shouldConvergeToThePrimarysCurrentRowWhateverTheOrderOfEntriesAndHowOftenTheyAreApplied() throws Exception {
        fixture(MirrorMode.ASYNCHRONOUS, Route.LEGACY_DUAL);
        fixture.dualWrites.close(); // no reconciler: the entries below wait
        List<Client> clients = data.clients().subList(0, 6);
        // Three versions of each row written on legacy, the outbox holding one entry per version, newest first and
        // interleaved across keys, plus duplicates: what retries and several writers leave behind.
        for (int version = 1; version <= 3; version++) {
            List<Client> written = new ArrayList<>();
            for (Client c : clients) {
                written.add(renamed(c, c.name() + " v" + version));
            }
            fixture.legacy.clientStore().upsertAll(written);
        }
        List<String> inserts = new ArrayList<>();
        for (Client c : clients) {
            for (int copy = 0; copy < 3; copy++) {
                inserts.add("INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES ('clients', '[" + c.id()
                        + "]', " + (Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1000 - c.id() * 10 - copy) + ")");
            }
        }
        Collections.shuffle(inserts, new java.util.Random(7));
        databases.legacy().execute(inserts.toArray(String[]::new));
        // The row of the third client is already right on postgres; the fourth's is stale there.
        fixture.postgres.clientStore().upsertAll(List.of(renamed(clients.get(2), clients.get(2).name() + " v3"),
                renamed(clients.get(3), clients.get(3).name() + " v1")));
        fixture.close();

        fixture = new DualWriteFixture(databases, MirrorMode.ASYNCHRONOUS);
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(20))).isTrue();
        assertThat(fixture.postgres.clientStore().findByKeys(clients.stream().map(Client::id).toList()))
                .extracting(Client::name).allMatch(name -> name.endsWith(" v3"));
        ReconcilerStats stats = fixture.dualWrites.reconciler().stats();
        assertThat(stats.mirrored()).as("rows copied: all but the one already right").isEqualTo(5);
        assertThat(stats.settled()).isEqualTo(18);

        // Applying everything again changes nothing.
        databases.legacy().execute(inserts.toArray(String[]::new));
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(20))).isTrue();
        assertThat(fixture.dualWrites.reconciler().stats().mirrored()).isEqualTo(5);
        assertThat(fixture.differences()).isEmpty();
    }

    @Test
    void shouldMirrorAUnitOfWorkOnceAfterItCommits() throws Exception {
        fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL);
        Client first = data.clients().get(0);
        Client second = data.clients().get(1);
        ClientRepository clients = fixture.clients();
        long mirroredBefore = fixture.dualWrites.reconciler().stats().mirrored();

        fixture.cutover.transaction(() -> {
            clients.save(first);
            clients.save(renamed(first, "Renamed in the unit"));
            clients.save(second);
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox"))
                    .as("outbox rows are not visible before commit").isZero();
            assertThat(databases.target().queryLong("SELECT count(*) FROM clients")).as("nothing mirrored before commit")
                    .isZero();
        });

        assertThat(fixture.postgres.clientStore().findByKey(first.id())).map(Client::name).contains("Renamed in the unit");
        assertThat(fixture.postgres.clientStore().findByKey(second.id())).contains(second);
        assertThat(fixture.dualWrites.reconciler().stats().mirrored() - mirroredBefore).as("one copy per key").isEqualTo(2);
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        // the settled count follows the outbox delete on the reconciler's thread: wait for it too
        Await.until("two settled entries", () -> fixture.dualWrites.reconciler().stats().settled() >= 2);
        assertThat(fixture.dualWrites.reconciler().stats().settled()).as("one outbox entry per key").isEqualTo(2);
    }

    @Test
    void shouldMirrorNothingWhenTheUnitOfWorkRollsBack() throws Exception {
        fixture(MirrorMode.SYNCHRONOUS, Route.POSTGRES_DUAL);
        Client client = data.clients().get(0);

        assertThatThrownBy(() -> fixture.cutover.transaction(() -> {
            fixture.clients().save(client);
            throw new IllegalStateException("payment declined");
        })).hasMessage("payment declined");

        assertThat(databases.target().queryLong("SELECT count(*) FROM clients")).isZero();
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM tbl_clients")).isZero();
        assertThat(outboxRows()).isZero();
        assertThat(fixture.dualWrites.reconciler().stats().mirrored()).isZero();
    }

    @Test
    void shouldFailTheCallAndWriteNothingWhenThePrimaryFails() {
        fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL);
        Client bad = new Client(1, 1, 1, null, null, null, null, null, false, BigDecimal.ONE, Instant.EPOCH, Instant.EPOCH);

        assertThatThrownBy(() -> fixture.clients().save(bad)).hasMessageContaining("name");

        assertThat(outboxRows()).isZero();
        assertThat(fixture.differences()).isEmpty();
    }

    @Test
    void shouldKeepMirroringTheOtherRowsWhenTheSecondaryRejectsOne() throws Exception {
        databases.target().execute("ALTER TABLE clients ADD CONSTRAINT only_on_postgres CHECK (name <> 'rejected by postgres')");
        try {
            fixture(MirrorMode.ASYNCHRONOUS, Route.LEGACY_DUAL);
            List<Client> clients = data.clients().subList(0, 6);
            Client rejected = renamed(clients.get(2), "rejected by postgres");

            fixture.clients().saveAll(clients.subList(0, 2));
            fixture.clients().save(rejected);
            fixture.clients().saveAll(clients.subList(3, 6));

            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(3))).as("the rejected row stays").isFalse();
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isEqualTo(1);
            assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox WHERE entity_key = '["
                    + rejected.id() + "]'")).isEqualTo(1);
            assertThat(fixture.postgres.clientStore().count()).as("every other row mirrored").isEqualTo(5);
            assertThat(fixture.dualWrites.reconciler().stats().failed()).isPositive();

            databases.target().execute("ALTER TABLE clients DROP CONSTRAINT only_on_postgres");
            assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(20))).isTrue();
            assertThat(fixture.differences()).isEmpty();
        } finally {
            databases.target().execute("ALTER TABLE clients DROP CONSTRAINT IF EXISTS only_on_postgres");
        }
    }

    @Test
    void shouldPublishBacklogAndCountsAsMeters() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        fixture = new DualWriteFixture(databases, MirrorMode.SYNCHRONOUS, databases.target().jdbcUrl(),
                builder -> builder.meterRegistry(meters));
        fixture.routes.set(Route.LEGACY_DUAL);

        fixture.clients().saveAll(data.clients().subList(0, 3));
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();

        assertThat(meters.get("cutover.dualwrite.mirrored").functionCounter().count()).isEqualTo(3);
        assertThat(meters.get("cutover.dualwrite.settled").functionCounter().count()).isEqualTo(3);
        assertThat(meters.get("cutover.dualwrite.failed").functionCounter().count()).isZero();
        assertThat(meters.get("cutover.outbox.backlog").tag("primary", "legacy").gauge().value()).isZero();
        assertThat(meters.get("cutover.outbox.oldest.age").tag("primary", "postgres").gauge().value()).isZero();
        assertThat(fixture.dualWrites.reconciler().backlog()).extracting(Backlog::outbox)
                .containsExactly("table \"cutover_outbox\" (legacy PostgreSQL)", "table cutover.outbox (PostgreSQL)");
    }

    @Test
    void shouldStillRefuseADualRouteWithoutDualWrite() {
        DualWriteFixture any = fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY);
        FlipRoutes routes = new FlipRoutes();
        routes.set(Route.LEGACY_DUAL);

        assertThatThrownBy(() -> Cutover.builder().routes(routes)
                .repository(ClientRepository.class, any.legacy.clients(), any.postgres.clients())
                .build())
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessageContaining("routes ClientRepository.save to 'legacy-dual', but nothing handles writes on it: "
                        + "install dual-write (DualWrites, docs/dual-write.md)");
    }

    @Test
    void shouldRefuseToBuildWhenTheKeysOfAWriteMethodCannotBeTold() {
        DualWriteFixture any = fixture(MirrorMode.SYNCHRONOUS, Route.LEGACY);
        DualWrites.Builder builder = DualWrites.custom()
                .outbox(PostgresOutbox.create(any.postgresAdapter))
                .outbox(LegacyOutbox.create(any.legacyAdapter))
                .repository(ClientRepository.class, Mappings.CLIENTS, any.legacy.clientStore(), any.postgres.clientStore());

        assertThatThrownBy(builder::build)
                .isInstanceOf(DualWriteConfigurationException.class)
                .hasMessage("Dual-write cannot tell which rows ClientRepository.delete(long) writes: no parameter and not "
                        + "the result is a Client or a collection of them. Declare them: annotate the key parameter with "
                        + "@MirrorKey (dev.cutover.dual), or configure .keys(ClientRepository.class, \"delete\", "
                        + "WriteKeys.argument(0)) on DualWrites.custom(); WriteKeys.none() if it writes no mirrored row");
    }
}
