package dev.cutover.spring.boot.internal;

import dev.cutover.CutoverException;
import dev.cutover.DataAccessException;
import dev.cutover.flags.FlagStoreException;
import dev.cutover.routing.RepositoryDefinitionException;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.schema.SchemaMismatchException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns Cutover's start-up errors, however deep in the causes of a bean's creation, into Spring Boot's
 * Description / Action report: Cutover's own message (which already names the setting, the value and what is
 * allowed, and never a password) and what to do about that kind of failure.
 */
public final class CutoverFailureAnalyzer extends AbstractFailureAnalyzer<CutoverException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CutoverException cause) {
        return new FailureAnalysis(cause.getMessage(), action(cause), cause);
    }

    static String action(CutoverException cause) {
        if (cause instanceof RouteConfigurationException) {
            return "Correct each route setting listed above: the cutover.routes.* properties, the CUTOVER_ROUTE*"
                    + " environment variables, or the flag store's entries (cutover flags show, cutover flags set)."
                    + " docs/configuration.md lists the names and values allowed.";
        }
        if (cause instanceof RepositoryDefinitionException) {
            return "Mark each method named above @Read or @Write (dev.cutover.routing), or rename it to start with a"
                    + " read or write word (README, \"Reads and writes\").";
        }
        if (cause instanceof SchemaMismatchException) {
            return "Make the database's tables match the entity mappings, or correct the mappings: cutover schema-check"
                    + " lists every difference (docs/verify-and-schema-check.md).";
        }
        if (cause instanceof FlagStoreException) {
            return "Make the flag store's database (the target PostgreSQL, cutover.postgres.*) reachable, run Cutover's"
                    + " migrations (cutover migrate, or cutover.migrations.run-at-start=true), or set"
                    + " CUTOVER_ROUTE_OVERRIDE to start without the store.";
        }
        if (cause instanceof DataAccessException access) {
            String side = access.backend() == null ? "cutover.legacy.* or cutover.postgres.*"
                    : "cutover." + access.backend().name().toLowerCase(java.util.Locale.ROOT) + ".*";
            String state = access.sqlState() == null ? "" : access.sqlState();
            if (state.startsWith("08")) {
                return "Make the database reachable, or correct its URL (" + side + ": url, or data-source for a pool of"
                        + " the application's).";
            }
            if (state.startsWith("28")) {
                return "Correct the user and password of " + side + " (or the database's authentication rules).";
            }
            if (state.startsWith("42")) {
                return "Create what is missing: run Cutover's migrations (cutover migrate, or"
                        + " cutover.migrations.run-at-start=true) and the application's own.";
            }
            return "See the database's message above (" + side + ").";
        }
        return "See the message above; docs/embedding.md describes Cutover's settings in a Spring Boot application.";
    }
}
