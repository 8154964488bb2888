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

/** The store contract on a table with a composite key (a record of two components). */
class ShiftStoreContractTest extends EntityStoreContract<Shift, Shift.Key> {
    private static final AtomicLong NEXT = new AtomicLong();
    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static PostgresStore<Shift, Shift.Key> store;

    @BeforeAll
    static void createTable() {
        database = TestPostgres.server().createDatabase("pg_contract_shifts");
        database.execute(Shift.DDL);
        adapter = Adapters.create(database);
        store = adapter.store(Shift.MAPPING);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @Override
    protected EntityStore<Shift, Shift.Key> store() {
        return store;
    }

    @Override
    protected List<Shift> newEntities(int count) {
        List<Shift> shifts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shifts.add(Shift.number(NEXT.incrementAndGet()));
        }
        return shifts;
    }

    @Override
    protected Shift modified(Shift shift) {
        return new Shift(shift.companyId(), shift.code(), "changed", shift.hours() + 1, shift.updatedAt().plusSeconds(60));
    }
}
