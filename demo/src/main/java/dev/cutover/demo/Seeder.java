package dev.cutover.demo;

import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.Company;
import dev.cutover.reference.ReferenceData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills the legacy database with the reference domain in the legacy schema (its table and column names, JSON as
 * text, 0/1 booleans, UTC timestamps without a zone) by {@code COPY ... FROM STDIN}, the fastest way in: the rows
 * are encoded here in COPY's text format and streamed in batches. Not thread-safe.
 */
final class Seeder {
    private static final int BATCH_ROWS = 2_000;

    private Seeder() {
    }

    /** Rows written per table. */
    record Seeded(long companies, long clients, long bookings) {
    }

    /** Copies the three tables; clients and bookings at once, on two connections, so the server uses both cores. */
    static Seeded seed(String legacyUrl, ReferenceData data) throws SQLException, InterruptedException {
        long[] bookings = new long[1];
        SQLException[] failure = new SQLException[1];
        Thread second = new Thread(() -> {
            try {
                bookings[0] = copy(legacyUrl, "tbl_records (record_id, yc_id, company_id, client_id, staff_id, service_id,"
                        + " dt_start, dt_end, state, price, comment, updated)", data.bookings(), Seeder::booking);
            } catch (SQLException e) {
                failure[0] = e;
            }
        }, "demo-seed-bookings");
        second.start();
        long companies;
        long clients;
        try {
            companies = copy(legacyUrl, "tbl_company (company_id, company_name, tz, created)", data.companies(), Seeder::company);
            clients = copy(legacyUrl, "tbl_clients (client_id, yc_id, company_id, full_name, phone, email, ai_ctx,"
                    + " visits_json, is_vip, balance, created, updated)", data.clients(), Seeder::client);
        } finally {
            second.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Seeded(companies, clients, bookings[0]);
    }

    private static <T> long copy(String url, String table, List<T> rows, BiConsumer<T, Row> encoder) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            return copy(connection, table, rows, encoder);
        }
    }

    private static <T> long copy(Connection connection, String table, List<T> rows, BiConsumer<T, Row> encoder)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        try {
            Row row = new Row();
            for (int i = 0; i < rows.size(); i++) {
                encoder.accept(rows.get(i), row);
                row.end();
                if ((i + 1) % BATCH_ROWS == 0 || i == rows.size() - 1) {
                    byte[] bytes = row.text.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    row.text.setLength(0);
                }
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void company(Company company, Row row) {
        row.value(company.id()).value(company.name()).value(company.timezone()).value(company.createdAt());
    }

    private static void client(Client client, Row row) {
        row.value(client.id()).value(client.yclientsId()).value(client.companyId()).value(client.name())
                .value(client.phone()).value(client.email())
                .value(client.aiContext() == null ? null : client.aiContext().toString())
                .value(client.visitHistory() == null ? null : client.visitHistory().toString())
                .value(client.vip() ? 1 : 0).value(client.balance().toPlainString())
                .value(client.createdAt()).value(client.updatedAt());
    }

    private static void booking(Booking booking, Row row) {
        row.value(booking.id()).value(booking.yclientsId()).value(booking.companyId()).value(booking.clientId())
                .value(booking.staffId()).value(booking.serviceId()).value(booking.startsAt()).value(booking.endsAt())
                .value(booking.status()).value(booking.price().toPlainString()).value(booking.notes())
                .value(booking.updatedAt());
    }

    /** One line of COPY text being built: tab-separated, {@code \N} for NULL, backslash escapes. */
    private static final class Row {
        final StringBuilder text = new StringBuilder(1 << 20);
        private boolean first = true;

        Row value(Object value) {
            if (!first) {
                text.append('\t');
            }
            first = false;
            if (value == null) {
                text.append("\\N");
            } else if (value instanceof Instant instant) {
                // A timestamp without time zone ignores the zone of its input: ISO-8601 in UTC is stored as UTC.
                text.append(instant);
            } else {
                escape(value.toString());
            }
            return this;
        }

        private void escape(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        }

        void end() {
            text.append('\n');
            first = true;
        }
    }
}
