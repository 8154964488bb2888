package dev.cutover.demo;

import static dev.cutover.mapping.ColumnType.BIGINT;
import static dev.cutover.mapping.ColumnType.INTEGER;
import static dev.cutover.mapping.ColumnType.NUMERIC;
import static dev.cutover.mapping.ColumnType.TEXT;
import static dev.cutover.mapping.ColumnType.TIMESTAMPTZ;

import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.Company;
import dev.cutover.reference.ReferenceData;
import dev.cutover.postgres.copy.CopyRows;
import dev.cutover.postgres.copy.PgCopy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Fills the legacy database with the reference domain in the legacy schema (its table and column names, JSON as
 * text, 0/1 booleans, UTC timestamps without a zone) by {@code COPY ... FROM STDIN}, the fastest way in: the rows
 * are encoded in COPY's text format by the backfill's own {@link CopyRows} and sent in batches. Not thread-safe.
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

    private static <T> long copy(String url, String table, List<T> rows, BiConsumer<T, CopyRows> encoder) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            String sql = "COPY " + table + " FROM STDIN";
            CopyRows batch = new CopyRows(1 << 20);
            long written = 0;
            for (int i = 0; i < rows.size(); i++) {
                encoder.accept(rows.get(i), batch);
                batch.endRow();
                if (batch.rows() == BATCH_ROWS || i == rows.size() - 1) {
                    written += PgCopy.copy(connection, sql, batch, 0, batch.rows());
                    batch.clear();
                }
            }
            return written;
        }
    }

    private static void company(Company company, CopyRows row) {
        row.add(BIGINT, company.id()).add(TEXT, company.name()).add(TEXT, company.timezone())
                .add(TIMESTAMPTZ, company.createdAt());
    }

    private static void client(Client client, CopyRows row) {
        // Legacy keeps JSON as text and booleans as 0/1; its timestamps have no zone and hold UTC.
        row.add(BIGINT, client.id()).add(BIGINT, client.yclientsId()).add(BIGINT, client.companyId()).add(TEXT, client.name())
                .add(TEXT, client.phone()).add(TEXT, client.email())
                .add(TEXT, client.aiContext() == null ? null : client.aiContext().toString())
                .add(TEXT, client.visitHistory() == null ? null : client.visitHistory().toString())
                .add(INTEGER, client.vip() ? 1 : 0).add(NUMERIC, client.balance())
                .add(TIMESTAMPTZ, client.createdAt()).add(TIMESTAMPTZ, client.updatedAt());
    }

    private static void booking(Booking booking, CopyRows row) {
        row.add(BIGINT, booking.id()).add(BIGINT, booking.yclientsId()).add(BIGINT, booking.companyId())
                .add(BIGINT, booking.clientId()).add(BIGINT, booking.staffId()).add(BIGINT, booking.serviceId())
                .add(TIMESTAMPTZ, booking.startsAt()).add(TIMESTAMPTZ, booking.endsAt()).add(TEXT, booking.status())
                .add(NUMERIC, booking.price()).add(TEXT, booking.notes()).add(TIMESTAMPTZ, booking.updatedAt());
    }
}
