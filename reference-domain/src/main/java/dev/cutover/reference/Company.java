package dev.cutover.reference;

import java.time.Instant;

/** A salon business using the booking product. */
public record Company(long id, String name, String timezone, Instant createdAt) {
}
