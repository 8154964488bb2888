package dev.cutover.reference;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Bookings. Implemented on both backends; routed by Cutover. */
public interface BookingRepository {
    Optional<Booking> findById(long id);

    /** A client's bookings, ordered by id. */
    List<Booking> findByClient(long clientId);

    /** A company's bookings starting in {@code [from, to)}, ordered by id. */
    List<Booking> findByCompanyBetween(long companyId, Instant from, Instant to);

    void save(Booking booking);

    /** Sets a booking's status; whether the booking existed. */
    boolean updateStatus(long id, String status, Instant updatedAt);
}
