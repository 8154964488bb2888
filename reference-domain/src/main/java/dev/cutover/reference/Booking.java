package dev.cutover.reference;

import java.math.BigDecimal;
import java.time.Instant;

/** A client's appointment for a service, optionally with a given member of staff. */
public record Booking(long id, long yclientsId, long companyId, long clientId, Long staffId, long serviceId,
        Instant startsAt, Instant endsAt, String status, BigDecimal price, String notes, Instant updatedAt) {
}
