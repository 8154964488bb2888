package dev.cutover.reference.postgres;

import static dev.cutover.reference.postgres.Columns.STAFF_ID;

import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.StaffServiceRepository;
import java.util.List;

/** {@link StaffServiceRepository} on PostgreSQL (composite key). Thread-safe. */
public final class PostgresStaffServiceRepository implements StaffServiceRepository {
    private final PostgresStore<StaffService, StaffService.Key> store;

    PostgresStaffServiceRepository(PostgresStore<StaffService, StaffService.Key> store) {
        this.store = store;
    }

    @Override
    public List<StaffService> findByStaff(long staffId) {
        return store.findWhere(STAFF_ID.eq(staffId), Columns.ALL);
    }

    @Override
    public void save(StaffService link) {
        store.upsertAll(List.of(link));
    }

    @Override
    public boolean delete(StaffService.Key key) {
        return store.deleteByKeys(List.of(key)) == 1;
    }
}
