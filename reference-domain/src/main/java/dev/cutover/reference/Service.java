package dev.cutover.reference;

import java.math.BigDecimal;
import java.time.Instant;

/** Something a company sells: a haircut, a massage. Prices are exact decimals. */
public record Service(long id, long yclientsId, long companyId, String title, BigDecimal price, int durationMinutes,
        Instant updatedAt) {
}
