package dev.cutover.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A member of a company's staff; {@code preferences} is a JSONB document. */
public record Staff(long id, long yclientsId, long companyId, String name, String specialization, JsonNode preferences,
        boolean active, Instant updatedAt) {
}
