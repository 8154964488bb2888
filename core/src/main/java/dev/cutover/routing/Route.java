package dev.cutover.routing;

import dev.cutover.Backend;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the calls of one repository method go. See the route table in the design: a route names the
 * primary backend, and whether the other one is kept in step (dual-write for writes, shadow reads
 * for reads).
 */
public enum Route {
    LEGACY("legacy", Backend.LEGACY, false),
    LEGACY_DUAL("legacy-dual", Backend.LEGACY, true),
    POSTGRES_DUAL("postgres-dual", Backend.POSTGRES, true),
    POSTGRES("postgres", Backend.POSTGRES, false);

    /** Every value {@link #parse} accepts, in the order of a migration. */
    public static final String ALLOWED = Arrays.stream(values()).map(Route::id).collect(Collectors.joining(", "));

    private final String id;
    private final Backend primary;
    private final boolean dual;

    Route(String id, Backend primary, boolean dual) {
        this.id = id;
        this.primary = primary;
        this.dual = dual;
    }

    /** The name used in flags and reports, for example {@code postgres-dual}. */
    public String id() {
        return id;
    }

    /** The backend whose answer the caller gets and whose success decides the call's success. */
    public Backend primary() {
        return primary;
    }

    /**
     * Whether the other backend is kept in step (mirrored writes, shadow reads). A dual route is served only
     * for the method kinds whose handler is installed (dual-write for writes, shadow reads for reads).
     */
    public boolean isDual() {
        return dual;
    }


    /**
     * Parses a route name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Route parse(String value) {
        if (value != null) {
            String normalized = value.strip().toLowerCase(Locale.ROOT);
            for (Route route : values()) {
                if (route.id.equals(normalized)) {
                    return route;
                }
            }
        }
        throw new IllegalArgumentException(
                "'" + value + "' is not a route; allowed: " + ALLOWED);
    }

    @Override
    public String toString() {
        return id;
    }
}
