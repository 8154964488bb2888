package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.it.BothSides;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.tx.TransactionalConnections;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store-cooperative outbox: a store's write on the primary carries its outbox entries in the same statement, so
 * that a dual-write outside a unit of work is one round trip on the primary, atomic, and a synchronous mirror copies
 * the row as the primary wrote it without reading it back. Round trips are counted by a JDBC wrapper on the caller's
 * thread ({@link StatementLog}).
 */
class CooperativeOutboxTest {
    private static DualWriteFixture.Databases databases;

    private final ReferenceData data = ReferenceData.generate(23, 2, 10);
    private final StatementLog legacyLog = new StatementLog();
    private final StatementLog targetLog = new StatementLog();
    private Cutover cutover;
    private DualWrites dualWrites;
    private LegacyRepositories legacy;
    private PostgresRepositories postgres;
    private FlipRoutes routes;

    /** A repository whose methods do custom SQL and a store write, in both orders. */
    public interface ClientWrites {
        /** Renames one client by custom SQL, then saves another through the store. */
        void updateNameThenSave(long id, String name, Client client);

        /** Saves a client through the store, then renames another by custom SQL. */
        void saveThenUpdateName(Client client, long id, String name);
    }

    private record ClientWritesOn(TransactionalConnections connections, String table, String idColumn, String nameColumn,
            ClientRepository clients) implements ClientWrites {
        @Override
        public void updateNameThenSave(long id, String name, Client client) {
            rename(id, name);
            clients.save(client);
        }

        @Override
        public void saveThenUpdateName(Client client, long id, String name) {
            clients.save(client);
            rename(id, name);
        }

        private void rename(long id, String name) {
            connections.withConnection(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET " + nameColumn
                        + " = ? WHERE " + idColumn + " = ?")) {
                    update.setString(1, name);
                    update.setLong(2, id);
                    return update.executeUpdate();
                }
            });
        }
    }

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("dual_coop");
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
        if (cutover != null) {
            cutover.close();
        }
        databases.legacy().execute("DROP TRIGGER IF EXISTS refuse ON cutover_outbox",
                "DROP TRIGGER IF EXISTS mark ON tbl_clients");
        databases.target().execute("DROP TRIGGER IF EXISTS refuse ON cutover.outbox");
    }

    /** @param deferred whether the reconciler leaves the entries alone (none handed over, an hour's grace) */
    private void start(MirrorMode mode, Route route, boolean deferred) {
        LegacyAdapter legacyAdapter = LegacyAdapter.wrap(legacyLog.wrap(databases.legacy().dataSource()),
                LegacyDialect.postgresql());
        PostgresAdapter postgresAdapter = PostgresAdapter.wrap(targetLog.wrap(databases.target().dataSource()), "public");
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .repository(ClientWrites.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
                .keys(ClientWrites.class, "updateNameThenSave", (arguments, result) -> List.of(arguments[0],
                        ((Client) arguments[2]).id()))
                .keys(ClientWrites.class, "saveThenUpdateName", (arguments, result) -> List.of(((Client) arguments[0]).id(),
                        arguments[1]))
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(mode)
                .pollInterval(Duration.ofMillis(200))
                .gracePeriod(deferred ? Duration.ofHours(1) : Duration.ofSeconds(1))
                .queueCapacity(deferred ? 0 : 100_000)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        routes = new FlipRoutes();
        cutover = dualWrites.install(Cutover.builder()
                        .legacy(legacyAdapter)
                        .postgres(postgresAdapter)
                        .routes(routes)
                        .repository(ClientRepository.class, legacy.clients(), postgres.clients())
                        .repository(ClientWrites.class,
                                new ClientWritesOn(legacyAdapter.connections(), "tbl_clients", "client_id", "full_name",
                                        legacy.clients()),
                                new ClientWritesOn(postgresAdapter.connections(), "clients", "id", "name", postgres.clients()))
                        .handle(Route.LEGACY_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary()))
                        .handle(Route.POSTGRES_DUAL, MethodKind.READ, call -> call.invoke(call.decision().route().primary())))
                .build();
        routes.set(route);
    }


    private ClientRepository clients() {
        return cutover.repository(ClientRepository.class);
    }

    private static Client renamed(Client c, String name) {
        return new Client(c.id(), c.yclientsId(), c.companyId(), name, c.phone(), c.email(), c.aiContext(), c.visitHistory(),
                c.vip(), c.balance(), c.createdAt(), c.updatedAt().plusSeconds(1));
    }

    private static List<String> lowerCase(List<String> statements) {
        return statements.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void shouldSendTheWriteAndItsOutboxEntryAsOneStatementOutsideAUnitOfWork() {
        start(MirrorMode.ASYNCHRONOUS, Route.LEGACY_DUAL, true);
        Client client = data.clients().get(0);

        legacyLog.watch();
        clients().save(client);

        List<String> statements = lowerCase(legacyLog.statements());
        assertThat(statements).as("one round trip, in autocommit: no commit").hasSize(1);
        assertThat(statements.get(0)).startsWith("with w as (insert into").contains("insert into \"cutover_outbox\"");
        assertThat(legacy.clientStore().findByKey(client.id())).contains(client);
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox WHERE table_name = 'clients' "
                + "AND entity_key = '[" + client.id() + "]'")).isEqualTo(1);
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isEqualTo(1);
    }

    @Test
    void shouldSendTheJooqStoresWriteAndItsOutboxEntryAsOneStatementOnPostgresDual() {
        start(MirrorMode.ASYNCHRONOUS, Route.POSTGRES_DUAL, true);
        List<Client> some = data.clients().subList(0, 3);

        targetLog.watch();
        clients().saveAll(some);
        clients().delete(some.get(1).id());

        List<String> statements = lowerCase(targetLog.statements());
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("with w as (insert into").contains("insert into cutover.outbox");
        assertThat(statements.get(1)).startsWith("with w as (delete from").contains("insert into cutover.outbox");
        assertThat(postgres.clientStore().count()).isEqualTo(2);
        assertThat(databases.target().queryLong("SELECT count(*) FROM cutover.outbox")).as("3 saved, 1 deleted").isEqualTo(4);
        assertThat(databases.target().queryLong("SELECT count(*) FROM cutover.outbox WHERE entity_key = '["
                + some.get(1).id() + "]'")).isEqualTo(2);
    }

    @Test
    void shouldRollTheWriteBackWhenItsOutboxInsertFails() {
        start(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL, true);
        Client client = data.clients().get(0);
        legacy.clientStore().upsertAll(List.of(client));
        databases.legacy().execute("CREATE OR REPLACE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON cutover_outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()");

        assertThatThrownBy(() -> clients().save(renamed(client, "Never written"))).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("outbox refused by the test");

        assertThat(legacy.clientStore().findByKey(client.id())).as("the write rolled back with its outbox insert")
                .contains(client);
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
        assertThat(postgres.clientStore().count()).isZero();
    }

    @Test
    void shouldRollTheJooqStoresWriteBackWhenItsOutboxInsertFails() {
        start(MirrorMode.SYNCHRONOUS, Route.POSTGRES_DUAL, true);
        Client client = data.clients().get(0);
        postgres.clientStore().upsertAll(List.of(client));
        databases.target().execute("CREATE OR REPLACE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON cutover.outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()");

        assertThatThrownBy(() -> clients().save(renamed(client, "Never written"))).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("outbox refused by the test");
        assertThatThrownBy(() -> clients().delete(client.id())).isInstanceOf(DataAccessException.class);

        assertThat(postgres.clientStore().findByKey(client.id())).as("neither the update nor the delete happened")
                .contains(client);
        assertThat(databases.target().queryLong("SELECT count(*) FROM cutover.outbox")).isZero();
    }

    @Test
    void shouldCopyThePrimarysRowAsWrittenWithoutReadingItBack() throws Exception {
        start(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL, false);
        databases.legacy().execute("CREATE OR REPLACE FUNCTION mark_client() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN NEW.full_name := NEW.full_name || ' (set by a legacy trigger)'; RETURN NEW; END $$",
                "CREATE TRIGGER mark BEFORE INSERT OR UPDATE ON tbl_clients FOR EACH ROW EXECUTE FUNCTION mark_client()");
        Client client = data.clients().get(0);

        legacyLog.watch();
        targetLog.watch();
        clients().save(client);

        assertThat(legacyLog.statements()).as("no read-back on legacy").hasSize(1);
        assertThat(lowerCase(targetLog.statements())).as("the upsert, in autocommit").hasSize(1)
                .allMatch(s -> s.startsWith("insert into"));
        String marked = client.name() + " (set by a legacy trigger)";
        assertThat(postgres.clientStore().findByKey(client.id())).map(Client::name).contains(marked);
        assertThat(legacy.clientStore().findByKey(client.id())).map(Client::name).contains(marked);
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void shouldRecordEveryRowOfAMethodThatRunsCustomSqlAndAStoreWrite() throws Exception {
        start(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL, false);
        List<Client> some = data.clients().subList(0, 4);
        legacy.clientStore().upsertAll(some.subList(0, 2));
        postgres.clientStore().upsertAll(some.subList(0, 2));
        ClientWrites writes = cutover.repository(ClientWrites.class);

        writes.updateNameThenSave(some.get(0).id(), "Renamed first", some.get(2));
        writes.saveThenUpdateName(some.get(3), some.get(1).id(), "Renamed second");

        assertThat(postgres.clientStore().findByKey(some.get(0).id())).map(Client::name).contains("Renamed first");
        assertThat(postgres.clientStore().findByKey(some.get(1).id())).map(Client::name).contains("Renamed second");
        assertThat(postgres.clientStore().findByKeys(List.of(some.get(2).id(), some.get(3).id())))
                .containsExactly(some.get(2), some.get(3));
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        List<String> differences = new java.util.ArrayList<>();
        BothSides.compare(legacy.clientStore(), postgres.clientStore(), differences);
        assertThat(differences).isEmpty();
    }

    @Test
    void shouldKeepAndMirrorAStoreWriteThatCommittedWhenTheRestOfTheCallFails() throws Exception {
        start(MirrorMode.ASYNCHRONOUS, Route.LEGACY_DUAL, false);
        Client saved = data.clients().get(0);
        Client other = data.clients().get(1);
        legacy.clientStore().upsertAll(List.of(other));
        ClientWrites writes = cutover.repository(ClientWrites.class);

        assertThatThrownBy(() -> writes.saveThenUpdateName(saved, other.id(), null)).isInstanceOf(DataAccessException.class);

        assertThat(legacy.clientStore().findByKey(saved.id())).as("committed in autocommit, as on the legacy route")
                .contains(saved);
        assertThat(legacy.clientStore().findByKey(other.id())).contains(other);
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(postgres.clientStore().findByKey(saved.id())).contains(saved);
        assertThat(postgres.clientStore().findByKey(other.id())).as("the other row was only ever on legacy; the "
                + "reconciler copies the keys the call recorded").isEmpty();
    }

    @Test
    void shouldCarryTheOutboxEntriesInTheWritesOfAUnitOfWork() throws Exception {
        start(MirrorMode.SYNCHRONOUS, Route.LEGACY_DUAL, false);
        Client first = data.clients().get(0);
        Client second = data.clients().get(1);

        legacyLog.watch();
        cutover.transaction(() -> {
            clients().save(first);
            clients().save(renamed(first, "Renamed in the unit"));
            clients().save(second);
        });

        List<String> statements = lowerCase(legacyLog.statements());
        assertThat(statements.stream().filter(s -> s.contains("cutover_outbox"))).as("entries ride in the writes")
                .hasSize(2).allMatch(s -> s.startsWith("with w as (insert into"));
        assertThat(statements).filteredOn(s -> s.startsWith("insert into \"cutover_outbox\"")).isEmpty();
        assertThat(statements).contains("commit");
        assertThat(postgres.clientStore().findByKey(first.id())).map(Client::name).contains("Renamed in the unit");
        assertThat(postgres.clientStore().findByKey(second.id())).contains(second);
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(10))).isTrue();

        assertThatThrownBy(() -> cutover.transaction(() -> {
            clients().save(data.clients().get(2));
            throw new IllegalStateException("payment declined");
        })).hasMessage("payment declined");
        assertThat(legacy.clientStore().findByKey(data.clients().get(2).id())).isEmpty();
        assertThat(databases.legacy().queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
    }
}
