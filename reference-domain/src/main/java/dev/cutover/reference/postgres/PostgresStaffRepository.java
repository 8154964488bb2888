package dev.cutover.reference.postgres;

import static dev.cutover.reference.postgres.Columns.ACTIVE;
import static dev.cutover.reference.postgres.Columns.COMPANY_ID;

import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffRepository;
import java.util.List;
import java.util.Optional;

/** {@link StaffRepository} on PostgreSQL. Thread-safe. */
public final class PostgresStaffRepository implements StaffRepository {
    private final PostgresStore<Staff, Long> store;

    PostgresStaffRepository(PostgresStore<Staff, Long> store) {
        this.store = store;
    }

    @Override
    public Optional<Staff> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Staff> findActiveByCompany(long companyId) {
        return store.findWhere(COMPANY_ID.eq(companyId).and(ACTIVE.isTrue()), Columns.ALL);
    }

    @Override
    public void save(Staff staff) {
        store.upsertAll(List.of(staff));
    }
}
