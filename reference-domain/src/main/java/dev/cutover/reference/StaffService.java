package dev.cutover.reference;

import java.math.BigDecimal;

/** Which member of staff performs which service, with an optional price of their own. Composite key. */
public record StaffService(long staffId, long serviceId, BigDecimal priceOverride) {

    public Key key() {
        return new Key(staffId, serviceId);
    }

    /** The composite key {@code (staff_id, service_id)}. */
    public record Key(long staffId, long serviceId) {
    }
}
