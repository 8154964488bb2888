package dev.cutover.reference.postgres;

import static dev.cutover.reference.postgres.Columns.CLIENT_ID;
import static dev.cutover.reference.postgres.Columns.COMPANY_ID;
import static dev.cutover.reference.postgres.Columns.ID;
import static dev.cutover.reference.postgres.Columns.STARTS_AT;
import static dev.cutover.reference.postgres.Columns.STATUS;
import static dev.cutover.reference.postgres.Columns.UPDATED_AT;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Booking;
import dev.cutover.reference.BookingRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link BookingRepository} on PostgreSQL. Thread-safe. */
public final class PostgresBookingRepository implements BookingRepository {
    private final PostgresAdapter adapter;
    private final PostgresStore<Booking, Long> store;

    PostgresBookingRepository(PostgresAdapter adapter, PostgresStore<Booking, Long> store) {
        this.adapter = adapter;
        this.store = store;
    }

    @Override
    public Optional<Booking> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Booking> findByClient(long clientId) {
        return store.findWhere(CLIENT_ID.eq(clientId), Columns.ALL);
    }

    @Override
    public List<Booking> findByCompanyBetween(long companyId, Instant from, Instant to) {
        return store.findWhere(COMPANY_ID.eq(companyId).and(STARTS_AT.ge(from)).and(STARTS_AT.lt(to)), Columns.ALL);
    }

    @Override
    public void save(Booking booking) {
        store.upsertAll(List.of(booking));
    }

    @Override
    public boolean updateStatus(long id, String status, Instant updatedAt) {
        return adapter.dsl().update(store.table())
                .set(STATUS, status)
                .set(UPDATED_AT, updatedAt)
                .where(ID.eq(id))
                .execute() == 1;
    }
}
