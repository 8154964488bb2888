package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.legacy.Visits.Visit;
import dev.cutover.legacy.Visits.VisitKey;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repository calls on legacy stores join {@code Cutover.transaction}: they commit together and roll back together; once
 * per legacy server (a subclass supplies the {@link LegacyServer} and the server's refusal of a taken key).
 */
abstract class LegacyUnitOfWorkContract {

    /** A tiny domain repository spanning two legacy tables. */
    public interface BookingRepository {
        Optional<Client> findClient(long id);

        List<Client> findVipClients(int companyId);

        void saveClient(Client client);

        void saveVisit(Visit visit);

        long countVisits();
    }

    /** The legacy implementation: generic stores for the common work, a legacy SQL condition for the custom query. */
    static final class LegacyBookingRepository implements BookingRepository {
        private final LegacyStore<Client, Long> clients;
        private final LegacyStore<Visit, VisitKey> visits;

        LegacyBookingRepository(LegacyAdapter legacy) {
            this.clients = legacy.store(Clients.MAPPING, Clients.TABLE);
            this.visits = legacy.store(Visits.MAPPING, Visits.TABLE);
        }

        @Override
        public Optional<Client> findClient(long id) {
            return clients.findByKey(id);
        }

        @Override
        public List<Client> findVipClients(int companyId) {
            return clients.findWhere("is_vip = 1 AND firm_id = ?", companyId);
        }

        @Override
        public void saveClient(Client client) {
            clients.upsertAll(List.of(client));
        }

        @Override
        public void saveVisit(Visit visit) {
            visits.upsertAll(List.of(visit));
        }

        @Override
        public long countVisits() {
            return visits.count();
        }
    }

    /** Stands in for the PostgreSQL implementation, which these routes never call. */
    static final class InMemoryBookingRepository implements BookingRepository {
        private final Map<Long, Client> clients = new ConcurrentHashMap<>();

        @Override
        public Optional<Client> findClient(long id) {
            return Optional.ofNullable(clients.get(id));
        }

        @Override
        public List<Client> findVipClients(int companyId) {
            return clients.values().stream().filter(c -> c.vip() && c.companyId() == companyId).toList();
        }

        @Override
        public void saveClient(Client client) {
            clients.put(client.id(), client);
        }

        @Override
        public void saveVisit(Visit visit) {
        }

        @Override
        public long countVisits() {
            return 0;
        }
    }

    /** The server, and with it the database and the DDL, under test. */
    protected abstract LegacyServer server();

    /** The message of upsertAll's error when a row's conflict key is new but its id (the PRIMARY KEY, 3) is taken. */
    protected abstract String takenIdRefusal();

    private TestDatabase database;
    private LegacyAdapter legacy;
    private InMemoryBookingRepository postgres;
    private Cutover cutover;
    private BookingRepository bookings;

    @BeforeEach
    void buildCutover() {
        database = server().createDatabase();
        database.execute(server().clientsDdl(), server().visitsDdl());
        legacy = server().adapter(database);
        postgres = new InMemoryBookingRepository();
        cutover = Cutover.builder()
                .legacy(legacy)
                .routes(RouteSource.fixed(Route.LEGACY))
                .repository(BookingRepository.class, new LegacyBookingRepository(legacy), postgres)
                .build();
        bookings = cutover.repository(BookingRepository.class);
    }

    @AfterEach
    void closeCutover() {
        cutover.close();
        assertThat(database.openConnectionsAfterClose()).isZero();
        database.close();
    }

    @Test
    void shouldCommitTwoWritesToTwoLegacyTablesTogether() {
        Client client = Clients.client(3);
        Visit visit = Visits.visit(1);

        cutover.transaction(() -> {
            bookings.saveClient(client);
            bookings.saveVisit(visit);
            // Not yet visible to other sessions, but visible inside the unit of work, custom query included.
            assertThat(database.queryLong("SELECT count(*) FROM tbl_clients")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM tbl_visits")).isZero();
            assertThat(bookings.findClient(3)).contains(client);
            assertThat(bookings.findVipClients(1)).containsExactly(client);
            assertThat(bookings.countVisits()).isEqualTo(1);
        });

        assertThat(database.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM tbl_visits")).isEqualTo(1);
        assertThat(bookings.findClient(3)).contains(client);
        assertThat(postgres.clients).isEmpty();
    }

    @Test
    void shouldRollBackBothWritesWhenTheBodyThrows() {
        assertThatThrownBy(() -> cutover.transaction(() -> {
            bookings.saveClient(Clients.client(3));
            bookings.saveVisit(Visits.visit(1));
            throw new IllegalStateException("payment declined");
        })).isInstanceOf(IllegalStateException.class).hasMessage("payment declined");

        assertThat(database.queryLong("SELECT count(*) FROM tbl_clients")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM tbl_visits")).isZero();
        assertThat(bookings.findClient(3)).isEmpty();
    }

    @Test
    void shouldRollBackTheFirstWriteWhenTheSecondIsRefused() {
        Client client = Clients.client(3);

        assertThatThrownBy(() -> cutover.transaction(() -> {
            bookings.saveClient(client);
            bookings.saveClient(Clients.client(7).withId(3L)); // another conflict key, a taken id
        })).isInstanceOf(dev.cutover.DataAccessException.class)
                .hasMessage(takenIdRefusal());

        assertThat(database.queryLong("SELECT count(*) FROM tbl_clients")).isZero();
    }

    @Test
    void shouldCommitEachCallOnItsOwnOutsideAUnitOfWork() {
        bookings.saveClient(Clients.client(3));

        assertThatThrownBy(() -> bookings.saveClient(Clients.client(7).withId(3L)))
                .isInstanceOf(dev.cutover.DataAccessException.class);

        assertThat(database.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(1);
    }
}
