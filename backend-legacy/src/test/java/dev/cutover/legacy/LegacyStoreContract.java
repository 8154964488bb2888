package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.mapping.EntityMapping;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.EntityStoreContract;
import dev.cutover.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract on one legacy table of one legacy server: creates the table from the server's DDL in a fresh
 * database, binds the mapping to it and numbers new entities from {@code first} on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyStoreContract<E, K> extends EntityStoreContract<E, K> {
    private final EntityMapping<E, K> mapping;
    private final LegacyTable table;
    private final LongFunction<E> entity;
    private final AtomicLong next;
    private TestDatabase database;
    private LegacyAdapter adapter;
    private LegacyStore<E, K> store;

    LegacyStoreContract(EntityMapping<E, K> mapping, LegacyTable table, LongFunction<E> entity, long first) {
        this.mapping = mapping;
        this.table = table;
        this.entity = entity;
        this.next = new AtomicLong(first);
    }

    /** The server, and with it the database, under test. */
    protected abstract LegacyServer server();

    /** The legacy table's DDL on {@code server}. */
    protected abstract String ddl(LegacyServer server);

    @BeforeAll
    void createLegacyTable() {
        database = server().createDatabase();
        database.execute(ddl(server()));
        adapter = server().adapter(database);
        store = adapter.store(mapping, table);
    }

    @AfterAll
    void dropLegacyTable() {
        adapter.close();
        assertThat(database.openConnectionsAfterClose()).isZero();
        database.close();
    }

    @Override
    protected EntityStore<E, K> store() {
        return store;
    }

    @Override
    protected List<E> newEntities(int count) {
        long first = next.getAndAdd(count);
        return LongStream.range(first, first + count).mapToObj(entity).toList();
    }
}
