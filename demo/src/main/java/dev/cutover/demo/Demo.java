package dev.cutover.demo;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.CutoverException;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.store.EntityStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The README's main command: an embedded PostgreSQL holding a legacy database (seeded with the reference
 * booking domain) and a target database; routed repositories whose routes come from the environment; reads
 * served by whichever backend each method's route names, each printed with the backend that answered.
 */
public final class Demo {
    private static final int COMPANIES = 10;
    private static final int CLIENTS_PER_COMPANY = 1_000;

    private final PrintStream out;

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        int status = new Demo(System.out).run();
        System.exit(status);
    }

    int run() throws IOException {
        long started = System.nanoTime();
        int status;
        out.println("Cutover demo: routed repositories over a legacy database and PostgreSQL");
        out.println();
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            step("Started embedded PostgreSQL on port " + server.getPort());
            createDatabase(server, "legacy_app");
            createDatabase(server, "cutover_target");
            String base = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/";
            try (LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(base + "legacy_app")
                            .username("postgres").dialect(LegacyDialect.postgresql()).maximumPoolSize(4).build());
                    PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom()
                            .jdbcUrl(base + "cutover_target").username("postgres").maximumPoolSize(4).build())) {
                status = migrate(legacyAdapter, postgresAdapter);
            }
            out.println();
            out.printf(Locale.ROOT, "Connections left open on the server after close(): %d%n", openConnections(server));
        }
        out.printf(Locale.ROOT, "Done in %.1f s; embedded PostgreSQL stopped.%n", (System.nanoTime() - started) / 1e9);
        return status;
    }

    private int migrate(LegacyAdapter legacyAdapter, PostgresAdapter postgresAdapter) {
        ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
        ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);

        ReferenceData data = ReferenceData.generate(42, COMPANIES, CLIENTS_PER_COMPANY);
        timed("Seeded the legacy database (legacy schema: tbl_clients, JSON as text, 0/1 booleans)", () -> {
            legacy.companyStore().upsertAll(data.companies());
            legacy.clientStore().upsertAll(data.clients());
            legacy.bookingStore().upsertAll(data.bookings());
            return data.clients().size() + " clients, " + data.bookings().size() + " bookings";
        });
        timed("Copied them to PostgreSQL through the generic stores (docs/data-movement.md has the COPY backfill)", () ->
                copy(legacy.companyStore(), postgres.companyStore()) + copy(legacy.clientStore(), postgres.clientStore())
                        + copy(legacy.bookingStore(), postgres.bookingStore()) + " rows");

        // Warm up both sides once, so the timings below are of calls, not of first-use class loading.
        legacy.clientStore().findByKey(1L);
        postgres.clientStore().findByKey(1L);

        Cutover cutover;
        try {
            cutover = Cutover.builder()
                    .routes(EnvironmentRoutes.fromEnvironment())
                    .repository(ClientRepository.class, Answered.by(Backend.LEGACY, ClientRepository.class, legacy.clients()),
                            Answered.by(Backend.POSTGRES, ClientRepository.class, postgres.clients()))
                    .repository(BookingRepository.class, Answered.by(Backend.LEGACY, BookingRepository.class, legacy.bookings()),
                            Answered.by(Backend.POSTGRES, BookingRepository.class, postgres.bookings()))
                    .build();
        } catch (RouteConfigurationException e) {
            out.println();
            out.println(e.getMessage());
            out.println("Nothing was served: fix the variables above and run again.");
            return 2;
        }
        out.println();
        out.println("Routes (from the environment; see docs/configuration.md):");
        for (MethodRoute route : cutover.routes()) {
            out.printf(Locale.ROOT, "  %-38s %-6s %-9s %s%n", route.method().qualifiedName(),
                    route.method().kind().name().toLowerCase(Locale.ROOT), route.decision().route().id(), route.decision().source());
        }
        out.println();
        out.println("Calls, each with the backend that answered:");
        ClientRepository clients = cutover.repository(ClientRepository.class);
        BookingRepository bookings = cutover.repository(BookingRepository.class);
        Client sample = data.clients().get(41);
        call("ClientRepository.findById(" + sample.id() + ")", () -> clients.findById(sample.id()).map(Client::name).orElse("-"));
        call("ClientRepository.findByYclientsId(" + sample.companyId() + ", " + sample.yclientsId() + ")",
                () -> clients.findByYclientsId(sample.companyId(), sample.yclientsId()).map(c -> "id " + c.id()).orElse("-"));
        call("ClientRepository.findByCompany(2, 0, 3)",
                () -> clients.findByCompany(2, 0, 3).stream().map(c -> String.valueOf(c.id())).toList().toString());
        call("ClientRepository.countByCompany(2)", () -> clients.countByCompany(2) + " clients");
        call("BookingRepository.findByClient(" + sample.id() + ")", () -> bookings.findByClient(sample.id()).size() + " booking(s)");
        Client renamed = new Client(sample.id(), sample.yclientsId(), sample.companyId(), sample.name() + " (renamed)",
                sample.phone(), sample.email(), sample.aiContext(), sample.visitHistory(), sample.vip(), sample.balance(),
                sample.createdAt(), sample.updatedAt().plusSeconds(1));
        call("ClientRepository.save(" + sample.id() + ", renamed)", () -> {
            clients.save(renamed);
            return "written";
        });
        out.printf(Locale.ROOT, "  -> now legacy has '%s', postgres has '%s'%n",
                legacy.clientStore().findByKey(sample.id()).map(Client::name).orElse("-"),
                postgres.clientStore().findByKey(sample.id()).map(Client::name).orElse("-"));
        out.println();
        out.println("Flip a route and run again, for example:");
        out.println("  CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID=postgres java -jar demo/target/cutover-demo.jar");
        out.println("  CUTOVER_ROUTE_DEFAULT=postgres CUTOVER_ROUTE__BOOKING_REPOSITORY=legacy java -jar demo/target/cutover-demo.jar");
        out.println("  CUTOVER_ROUTE_OVERRIDE=legacy ...   (emergency rollback: beats every other variable)");
        cutover.close();
        return 0;
    }

    private static <E, K> int copy(EntityStore<E, K> from, EntityStore<E, K> to) {
        int copied = 0;
        K after = null;
        List<E> page;
        while (!(page = from.scan(after, 2_000)).isEmpty()) {
            copied += to.upsertAll(page);
            after = from.mapping().keyOf(page.get(page.size() - 1));
        }
        return copied;
    }

    private void call(String what, Supplier<String> call) {
        Answered.reset();
        long start = System.nanoTime();
        String result;
        try {
            result = call.get();
        } catch (CutoverException e) {
            result = "failed: " + e.getMessage();
        }
        double millis = (System.nanoTime() - start) / 1e6;
        out.printf(Locale.ROOT, "  %-50s answered by %-8s %6.1f ms  %s%n", what, Answered.last(), millis, result);
    }

    private void step(String text) {
        out.println("* " + text);
    }

    private void timed(String text, Supplier<String> work) {
        long start = System.nanoTime();
        String result = work.get();
        out.printf(Locale.ROOT, "* %s: %s in %.1f s%n", text, result, (System.nanoTime() - start) / 1e9);
    }

    private static void createDatabase(EmbeddedPostgres server, String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static long openConnections(EmbeddedPostgres server) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname IN ('legacy_app', 'cutover_target')")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count connections: " + e.getMessage(), e);
        }
    }
}
