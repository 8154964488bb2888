package dev.cutover.spring.boot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code CUTOVER_} environment variables that are this starter's properties in Spring's relaxed form
 * ({@code CUTOVER_LEGACY_POOL_MAXIMUMSIZE} is {@code cutover.legacy.pool.maximum-size}, {@code CUTOVER_ROUTES_...} an
 * entry of {@code cutover.routes}): route validation, which refuses unknown {@code CUTOVER_} variables, must know
 * them. Read from the properties' metadata, so the list follows the properties.
 */
public final class StarterVariables {
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ROUTES = "CUTOVER_ROUTES_";

    private StarterVariables() {
    }

    /** The starter's variables among {@code environment}'s names. */
    public static Set<String> in(Map<String, String> environment) {
        Set<String> properties = properties();
        Set<String> known = new TreeSet<>();
        for (String name : environment.keySet()) {
            if (properties.contains(name) || (name.startsWith(ROUTES) && name.length() > ROUTES.length())) {
                known.add(name);
            }
        }
        return known;
    }

    /** Every {@code cutover.*} property's variable form, from each jar's metadata (every Boot jar has a file). */
    static Set<String> properties() {
        Set<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(StarterVariables.class.getClassLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                        String name = property.path("name").asText();
                        if (name.startsWith("cutover.")) {
                            names.add(name.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + METADATA + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(METADATA + " of cutover.* is missing from the class path: a broken build");
        }
        return names;
    }
}
