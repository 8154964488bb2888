package dev.cutover.postgres;

import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a single-key table with every column type and a conflict target that is not the key. */
class ClientStoreContractTest extends EntityStoreContract<Client, Long> {
    private static final AtomicLong NEXT = new AtomicLong();
    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static PostgresStore<Client, Long> store;

    @BeforeAll
    static void createTable() {
        database = TestPostgres.server().createDatabase("pg_contract_clients");
        database.execute(Client.DDL);
        adapter = Adapters.create(database);
        store = adapter.store(Client.MAPPING);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @Override
    protected EntityStore<Client, Long> store() {
        return store;
    }

    @Override
    protected List<Client> newEntities(int count) {
        List<Client> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(Client.number(NEXT.incrementAndGet()));
        }
        return clients;
    }

    @Override
    protected Client modified(Client client) {
        return client.withName(client.name() + " (edited)")
                .withJson(Client.json("{\"edited\": true, \"n\": " + client.id() + "}"), client.visitHistory());
    }
}
