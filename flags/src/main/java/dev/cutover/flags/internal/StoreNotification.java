package dev.cutover.flags.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a notification of the store says (migration V203's trigger): the store's version after a committed change and,
 * unless the state was too long to notify, every entry at that version.
 *
 * @param rows every entry, by target; {@code null}: read the table
 */
record StoreNotification(long version, List<StoreRow> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The newest of {@code payloads} (in the order they came), or {@code null} if none is a state of the store. */
    static StoreNotification newest(List<String> payloads) {
        StoreNotification newest = null;
        for (String payload : payloads) {
            StoreNotification one = parse(payload);
            if (one == null) {
                return null; // not a state (a payload of another release): the table tells
            }
            if (newest == null || one.version > newest.version) {
                newest = one;
            }
        }
        return newest;
    }

    /** The state a payload carries, or {@code null} if it is not one. */
    static StoreNotification parse(String payload) {
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || !root.path("version").canConvertToLong()) {
                return null;
            }
            JsonNode rows = root.get("rows");
            if (rows == null || !rows.isArray()) {
                return new StoreNotification(root.get("version").asLong(), null);
            }
            List<StoreRow> entries = new ArrayList<>(rows.size());
            for (JsonNode row : rows) {
                entries.add(row(row));
            }
            return new StoreNotification(root.get("version").asLong(), List.copyOf(entries));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static StoreRow row(JsonNode row) {
        JsonNode percentage = row.path("rollout_percentage");
        List<String> tenants = new ArrayList<>();
        row.path("rollout_tenants").forEach(tenant -> tenants.add(tenant.isNull() ? null : tenant.asText()));
        JsonNode micros = row.path("set_at_micros");
        return new StoreRow(text(row, "target"), text(row, "route"), percentage.isIntegralNumber() ? percentage.asInt() : null,
                tenants, text(row, "rollout_otherwise"), text(row, "set_by"),
                micros.isIntegralNumber() ? Instant.EPOCH.plus(micros.asLong(), ChronoUnit.MICROS) : null, text(row, "reason"));
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
