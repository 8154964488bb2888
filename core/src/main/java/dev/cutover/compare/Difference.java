package dev.cutover.compare;

import dev.cutover.mapping.spi.Values;
import java.util.Objects;

/**
 * One field that differs between what legacy and PostgreSQL hold (or answered), after normalisation.
 *
 * @param path     where, from the compared value: {@code name}, {@code aiContext.tone}, {@code [2].price},
 *                 or empty for the whole value
 * @param legacy   the legacy side's value there ({@code null} for absent or SQL NULL)
 * @param postgres the PostgreSQL side's value there
 */
public record Difference(String path, Object legacy, Object postgres) {
    public Difference {
        Objects.requireNonNull(path, "path");
    }

    /** {@code aiContext.tone: legacy='warm' postgres='brief'}, values shortened. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "value" : path) + ": legacy=" + show(legacy) + " postgres=" + show(postgres);
    }

    private static String show(Object value) {
        return value == null ? "null" : "'" + Values.shorten(String.valueOf(value)) + "'";
    }
}
