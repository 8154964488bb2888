package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Booking;
import dev.cutover.reference.BookingRepository;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * {@link BookingRepository} on the legacy database, whose timestamps are UTC without a zone; its SQL runs on
 * PostgreSQL and MariaDB alike. Thread-safe.
 */
public final class LegacyBookingRepository implements BookingRepository {
    private final LegacyAdapter adapter;
    private final LegacyStore<Booking, Long> store;

    LegacyBookingRepository(LegacyAdapter adapter, LegacyStore<Booking, Long> store) {
        this.adapter = adapter;
        this.store = store;
    }

    @Override
    public Optional<Booking> findById(long id) {
        return store.findByKey(id);
    }

    @Override
    public List<Booking> findByClient(long clientId) {
        return store.findWhere("client_id = ?", clientId);
    }

    @Override
    public List<Booking> findByCompanyBetween(long companyId, Instant from, Instant to) {
        return store.findWhere("company_id = ? AND dt_start >= ? AND dt_start < ?", companyId, utc(from), utc(to));
    }

    @Override
    public void save(Booking booking) {
        store.upsertAll(List.of(booking));
    }

    @Override
    public boolean updateStatus(long id, String status, Instant updatedAt) {
        return adapter.connections().withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE " + store.qualifiedTable() + " SET state = ?, updated = ? WHERE record_id = ?")) {
                statement.setString(1, status);
                statement.setObject(2, utc(updatedAt));
                statement.setLong(3, id);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** The legacy schema keeps UTC wall-clock time in {@code timestamp} columns. */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
