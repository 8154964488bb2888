package dev.cutover.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A client of a company. {@code (yclientsId, companyId)} is unique: the id the booking platform gives the
 * client within one company. {@code aiContext} and {@code visitHistory} are JSONB documents.
 */
public record Client(long id, long yclientsId, long companyId, String name, String phone, String email,
        JsonNode aiContext, JsonNode visitHistory, boolean vip, BigDecimal balance, Instant createdAt, Instant updatedAt) {
}
