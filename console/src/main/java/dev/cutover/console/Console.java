package dev.cutover.console;

import dev.cutover.console.internal.ConsoleBuilder;
import dev.cutover.dual.Outbox;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The ops console over the tables of one migration, in the target PostgreSQL of {@code store}: the flag store and its
 * audit log, instance status reports, verify reports, backfill runs and quarantine, shadow-read mismatches, the outbox.
 *
 * <pre>{@code
 * try (Console console = Console.builder(postgresDataSource)
 *         .repositories(List.of(ClientRepository.class, BookingRepository.class))
 *         .authentication(ConsoleAuthentication.passwords(ConsoleUsers.read(Path.of("console-users"))))
 *         .build();
 *      ConsoleServer server = ConsoleServer.start(console, "127.0.0.1", 8080)) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Pages: routes (every method, its route and origin, rollouts, each instance's route, differences highlighted),
 * change (flip, roll out, clear, roll back: a preview with the checks, a required reason, the audit entry), audit
 * (filter, CSV and JSON export) and health. Route changes go through {@link dev.cutover.flags.RouteFlags} with
 * {@link dev.cutover.flags.ChangeTool#CONSOLE}, the logged-in user as the actor. Thread-safe.
 */
public interface Console extends AutoCloseable {

    /** A console over the migration tables in {@code store}'s database (the target PostgreSQL). */
    static Builder builder(DataSource store) {
        return new ConsoleBuilder(store);
    }

    /** The console as a servlet, to be mapped at {@code /some/path/*} (or {@code /*}). */
    HttpServlet servlet();

    /** How users log in. */
    ConsoleAuthentication authentication();

    /** Whether session cookies are marked {@code Secure} on every response ({@link Builder#secureCookies}). */
    boolean secureCookies();

    /** Releases the console's route source. Idempotent. */
    @Override
    void close();

    /** Configures a console; each method validates its argument, quoting a bad value. Not thread-safe. */
    interface Builder {

        /** The repository interfaces the application routes: their methods are what the routes page shows. Required. */
        Builder repositories(Collection<Class<?>> repositories);

        /** The environment whose {@code CUTOVER_ROUTE_*} variables decide routes as on an instance; none unless set. */
        Builder environment(Map<String, String> environment);

        /** Other variables starting with {@code CUTOVER_ROUTE} that are not route variables; see {@code EnvironmentRoutes}. */
        Builder knownVariables(Collection<String> names);

        /** How users log in. Required: there is no anonymous console. */
        Builder authentication(ConsoleAuthentication authentication);

        /**
         * Values never shown on any page (passwords of the databases, tokens): replaced by {@code ***} wherever they
         * would appear, in addition to the credentials of JDBC URLs, which are always removed.
         */
        Builder secrets(Collection<String> secrets);

        /** PostgreSQL's outbox, for the health page: table {@code cutover.outbox} of the store unless set. */
        Builder postgresOutbox(Outbox outbox);

        /** The legacy database's outbox, for the health page; not shown unless set. */
        Builder legacyOutbox(Outbox outbox);

        /**
         * Whether the session cookie is marked {@code Secure} on every response, for a console behind a proxy that ends
         * TLS; without it the cookie is {@code Secure} when the request came over TLS.
         */
        Builder secureCookies(boolean secure);

        /** The clock of the pages' times and of the login rate limit; the UTC system clock unless set. */
        Builder clock(Clock clock);

        /**
         * Reads the store and binds the repositories' methods as an instance starting now would.
         *
         * @throws dev.cutover.routing.RouteConfigurationException for invalid variables or store entries, listed
         * @throws dev.cutover.flags.FlagStoreException if the flag store cannot be read
         * @throws IllegalStateException without repositories or authentication
         */
        Console build();
    }
}
