package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.reference.Booking;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.tx.PartialCommitException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole Cutover on its own two databases: flags from an environment, units of work across repositories,
 * and one close() that leaves no connection open on either server.
 */
class LifecycleAndTransactionsTest {
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    private final ReferenceData data = ReferenceData.generate(5, 1, 3);

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = TestPostgres.server().createDatabase("lifecycle_legacy");
        targetDatabase = TestPostgres.server().createDatabase("lifecycle_target");
        try (LegacyAdapter legacy = ReferenceEnvironment.legacyAdapter(legacyDatabase);
                PostgresAdapter postgres = ReferenceEnvironment.postgresAdapter(targetDatabase)) {
            ReferenceSchemas.migrateLegacy(legacy.connections().dataSource());
            ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
        }
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    @BeforeEach
    void emptyTables() {
        legacyDatabase.execute("TRUNCATE tbl_clients, tbl_records");
        targetDatabase.execute("TRUNCATE clients, bookings");
    }

    private static Cutover cutover(Map<String, String> environment) {
        LegacyAdapter legacyAdapter = ReferenceEnvironment.legacyAdapter(legacyDatabase);
        PostgresAdapter postgresAdapter = ReferenceEnvironment.postgresAdapter(targetDatabase);
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        return Cutover.builder()
                .legacy(legacyAdapter)
                .postgres(postgresAdapter)
                .routes(EnvironmentRoutes.builder().environment(environment).build())
                .repository(ClientRepository.class, legacy.clients(), postgres.clients())
                .repository(BookingRepository.class, legacy.bookings(), postgres.bookings())
                .build();
    }

    @Test
    void shouldServeEachMethodFromTheBackendItsVariableNames() {
        legacyDatabase.execute("INSERT INTO tbl_clients (client_id, yc_id, company_id, full_name, created, updated) "
                + "VALUES (1, 1, 1, 'Legacy Ann', now(), now())");
        targetDatabase.execute("INSERT INTO clients (id, yclients_id, company_id, name, created_at, updated_at) "
                + "VALUES (1, 1, 1, 'Postgres Ann', now(), now())");

        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres"))) {
            ClientRepository clients = cutover.repository(ClientRepository.class);

            assertThat(clients.findById(1)).map(Client::name).contains("Postgres Ann");
            assertThat(clients.findByYclientsId(1, 1)).map(Client::name).contains("Legacy Ann");
            assertThat(cutover.routes()).filteredOn(r -> r.method().qualifiedName().equals("ClientRepository.findById"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.decision().route()).isEqualTo(Route.POSTGRES);
                        assertThat(r.decision().source()).isEqualTo("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID");
                    });
        }
    }

    @Test
    void shouldCommitAUnitOfWorkAcrossRepositoriesAsOne() {
        Client client = data.clients().get(0);
        Booking booking = data.bookings().get(0);
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE_DEFAULT", "postgres"))) {
            cutover.transaction(() -> {
                cutover.repository(ClientRepository.class).save(client);
                cutover.repository(BookingRepository.class).save(booking);
                assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients"))
                        .as("not visible to others before commit").isZero();
            });
        }
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients")).isEqualTo(1);
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM bookings")).isEqualTo(1);
    }

    @Test
    void shouldRollBackEveryRepositorysWritesWhenTheUnitFails() {
        Client client = data.clients().get(0);
        Booking booking = data.bookings().get(0);
        try (Cutover cutover = cutover(Map.of())) {
            ClientRepository clients = cutover.repository(ClientRepository.class);
            BookingRepository bookings = cutover.repository(BookingRepository.class);

            assertThatThrownBy(() -> cutover.transaction(() -> {
                clients.save(client);
                bookings.save(booking);
                throw new IllegalStateException("payment declined");
            })).hasMessage("payment declined");

            assertThat(clients.findById(client.id())).isEmpty();
            assertThat(bookings.findById(booking.id())).isEmpty();
        }
        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isZero();
        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_records")).isZero();
    }

    @Test
    void shouldCommitOnEachBackendAUnitSpanningBoth() {
        Client client = data.clients().get(1);
        Booking booking = data.bookings().get(1);
        try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__BOOKING_REPOSITORY", "postgres"))) {
            cutover.transaction(() -> {
                cutover.repository(ClientRepository.class).save(client);
                cutover.repository(BookingRepository.class).save(booking);
            });
        }
        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(1);
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM bookings")).isEqualTo(1);
    }

    /**
     * PostgreSQL refuses the unit's booking only at COMMIT (a deferred constraint trigger), after legacy, touched
     * first, has committed the client: the exception says which backend kept its changes, and they are there.
     */
    @Test
    void shouldSayWhichBackendKeptItsChangesWhenTheSecondCommitFails() {
        Client client = data.clients().get(2);
        Booking booking = data.bookings().get(2);
        targetDatabase.execute("CREATE OR REPLACE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS"
                        + " 'BEGIN RAISE EXCEPTION ''booking % refused at commit'', NEW.id USING ERRCODE = ''23514''; END'",
                "CREATE CONSTRAINT TRIGGER bookings_refused_at_commit AFTER INSERT ON bookings DEFERRABLE INITIALLY DEFERRED"
                        + " FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()");
        try {
            try (Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__BOOKING_REPOSITORY", "postgres"))) {
                assertThatThrownBy(() -> cutover.transaction(() -> {
                    cutover.repository(ClientRepository.class).save(client);   // legacy: touched first, committed first
                    cutover.repository(BookingRepository.class).save(booking); // postgres: accepted until COMMIT
                })).isInstanceOfSatisfying(PartialCommitException.class, e -> {
                    assertThat(e.backend()).isEqualTo(Backend.POSTGRES);
                    assertThat(e.committed()).containsExactly(Backend.LEGACY);
                    assertThat(e.getMessage()).isEqualTo("Unit of work committed on [legacy] but its commit on postgres"
                            + " failed; the changes on postgres were rolled back");
                    assertThat(e.getCause()).hasMessageContaining("booking " + booking.id() + " refused at commit");
                });
            }
            assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients WHERE client_id = ?", client.id()))
                    .as("legacy kept its write").isEqualTo(1);
            assertThat(targetDatabase.queryLong("SELECT count(*) FROM bookings")).as("postgres rolled back").isZero();
        } finally {
            targetDatabase.execute("DROP TRIGGER bookings_refused_at_commit ON bookings", "DROP FUNCTION refuse_at_commit()");
        }
    }

    @Test
    void shouldLeaveNoConnectionOpenOnEitherServerAfterClose() {
        Cutover cutover = cutover(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY", "postgres"));
        cutover.repository(ClientRepository.class).save(data.clients().get(0));
        cutover.repository(BookingRepository.class).save(data.bookings().get(0));
        cutover.transaction(() -> cutover.repository(ClientRepository.class).findById(1));
        assertThat(legacyDatabase.openConnections()).as("legacy pool connections while open").isPositive();
        assertThat(targetDatabase.openConnections()).as("postgres pool connections while open").isPositive();

        cutover.close();
        cutover.close();

        assertThat(legacyDatabase.openConnectionsAfterClose()).as("legacy connections after close").isZero();
        assertThat(targetDatabase.openConnectionsAfterClose()).as("postgres connections after close").isZero();
    }
}
