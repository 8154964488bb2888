package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.it.BothSides;
import dev.cutover.it.PostgresBehindProxy;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dual-write with a MariaDB legacy database and its outbox table ({@code LegacyOutbox}, InnoDB): each write's entry
 * commits or rolls back with it, entries wait in MariaDB while PostgreSQL is unreachable, and the reconciler
 * converges PostgreSQL once it is back. PostgreSQL is reached through a TCP proxy the test closes.
 */
class MariaDbDualWriteTest {
    private static final ReferenceData DATA = ReferenceData.generate(23, 1, 30);
    private static TestDatabase legacyDatabase;
    private static TestDatabase targetDatabase;

    private final FlipRoutes routes = new FlipRoutes();
    private PostgresBehindProxy proxy;
    private LegacyRepositories legacy;
    private PostgresRepositories postgres;
    private DualWrites dualWrites;
    private Cutover cutover;

    @BeforeAll
    static void createDatabases() {
        legacyDatabase = TestMariaDb.server().createDatabase("dual_mariadb_legacy");
        targetDatabase = TestPostgres.server().createDatabase("dual_mariadb_target");
        try (LegacyAdapter adapter = legacyAdapter()) {
            ReferenceSchemas.migrateLegacyMariaDb(adapter.connections().dataSource());
        }
        ReferenceSchemas.migrateTarget(targetDatabase.dataSource());
        CutoverSchema.migrate(targetDatabase.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        legacyDatabase.close();
        targetDatabase.close();
    }

    private static LegacyAdapter legacyAdapter() {
        return LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl()).username(legacyDatabase.username())
                .password(legacyDatabase.password()).maximumPoolSize(4).build());
    }

    @BeforeEach
    void start() {
        proxy = new PostgresBehindProxy(targetDatabase);
        LegacyAdapter legacyAdapter = legacyAdapter();
        PostgresAdapter postgresAdapter = PostgresAdapter.create(dev.cutover.postgres.PostgresConfig.custom()
                .jdbcUrl(proxy.jdbcUrl()).username(targetDatabase.username()).password(targetDatabase.password())
                .maximumPoolSize(4).connectionTimeout(Duration.ofMillis(500)).build());
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(LegacyOutbox.create(legacyAdapter))   // creates cutover_outbox in MariaDB (Flyway)
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.SYNCHRONOUS)
                .pollInterval(Duration.ofMillis(200))
                .gracePeriod(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy, postgres);
        routes.set(Route.LEGACY_DUAL);
    }

    @AfterEach
    void stop() {
        cutover.close();
        proxy.close();
        legacyDatabase.execute("DELETE FROM tbl_clients", "DELETE FROM cutover_outbox");
        targetDatabase.execute("TRUNCATE clients, cutover.outbox");
    }

    private long outboxEntries() {
        return legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox");
    }

    private List<String> differences() {
        List<String> found = new ArrayList<>();
        BothSides.compare(legacy.clientStore(), postgres.clientStore(), found);
        return found;
    }

    @Test
    void shouldKeepTheOutboxInAnInnoDbTableAndMirrorEveryWrite() throws Exception {
        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'cutover_outbox' AND ENGINE = 'InnoDB'")).isEqualTo(1);
        assertThat(LegacyOutbox.sql(LegacyDialect.mariadb()).table()).isEqualTo("`cutover_outbox`");
        ClientRepository clients = cutover.repository(ClientRepository.class);

        DATA.clients().subList(0, 10).forEach(clients::save);

        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30))).as("outboxes drained").isTrue();
        assertThat(outboxEntries()).isZero();
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients")).isEqualTo(10);
        assertThat(differences()).isEmpty();
    }

    @Test
    void shouldRollBackTheEntryWithTheWriteItRecords() {
        Client client = DATA.clients().get(0);
        ClientRepository clients = cutover.repository(ClientRepository.class);

        assertThatThrownBy(() -> cutover.transaction(() -> {
            clients.save(client);
            throw new IllegalStateException("payment declined");
        })).hasMessage("payment declined");

        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isZero();
        assertThat(outboxEntries()).as("the entry rolled back with the write").isZero();
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients")).isZero();
    }

    @Test
    void shouldKeepTheEntriesInMariaDbWhilePostgresIsUnreachableThenConverge() throws Exception {
        ClientRepository clients = cutover.repository(ClientRepository.class);
        clients.save(DATA.clients().get(0));
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30))).isTrue();

        proxy.crusher.closeAllPairs();
        proxy.crusher.close();                               // new connections refused: PostgreSQL is "down"
        List<Client> written = DATA.clients().subList(1, 6);
        written.forEach(clients::save);                      // each succeeds: legacy is the primary

        assertThat(legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(6);
        assertThat(outboxEntries()).as("one durable entry per write the mirror could not copy").isEqualTo(written.size());
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients")).isEqualTo(1);

        proxy.crusher.open();
        assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("outboxes drained after recovery").isTrue();
        assertThat(outboxEntries()).isZero();
        assertThat(differences()).isEmpty();
        assertThat(targetDatabase.queryLong("SELECT count(*) FROM clients")).isEqualTo(6);
    }
}
