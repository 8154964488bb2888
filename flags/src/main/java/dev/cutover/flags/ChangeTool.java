package dev.cutover.flags;

import java.util.Locale;

/**
 * The tool that made a route change, recorded in its audit row ({@link AuditIdentity#tool()}) beside the declared
 * actor. Choose it with {@link RouteFlags#via(ChangeTool)}; a change made without choosing is {@link #API}.
 */
public enum ChangeTool {
    /** The {@code cutover} command. */
    CLI,
    /** The ops console. */
    CONSOLE,
    /** An application calling {@link RouteFlags} itself. */
    API,
    /** The Spring Boot actuator endpoint. */
    ACTUATOR;

    /** How the audit table stores it: {@code cli}, {@code console}, {@code api}, {@code actuator}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
