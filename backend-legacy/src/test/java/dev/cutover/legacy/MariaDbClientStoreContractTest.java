package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.Clients.Client;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import dev.cutover.testkit.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on MariaDB: a single key, every column type (JSON in TEXT and in JSON), every storage, a composite UNIQUE conflict target. */
class MariaDbClientStoreContractTest extends EntityStoreContract<Client, Long> {
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyStore<Client, Long> store;

    @BeforeAll
    static void createLegacyTable() {
        database = MariaDbClients.createDatabase();
        database.execute(MariaDbClients.DDL);
        adapter = MariaDbClients.adapter(database);
        store = adapter.store(Clients.MAPPING, Clients.TABLE);
    }

    @AfterAll
    static void dropLegacyTable() {
        adapter.close();
        assertThat(database.openConnections()).isZero();
        database.close();
    }

    @Override
    protected EntityStore<Client, Long> store() {
        return store;
    }

    @Override
    protected List<Client> newEntities(int count) {
        long first = NEXT.getAndAdd(count);
        return LongStream.range(first, first + count).mapToObj(Clients::client).toList();
    }

    @Override
    protected Client modified(Client entity) {
        return new Client(entity.id(), entity.name() + " (renamed)", entity.yclientsId(), entity.companyId(),
                entity.balance().add(new BigDecimal("1.01")), !entity.active(), !entity.vip(), entity.createdAt(),
                null, entity.birthday(), entity.externalId(), Clients.json("{\"changed\":true}"), null,
                entity.visitHistory(), "modified");
    }
}
