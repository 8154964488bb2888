package dev.cutover.cli.internal.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.Json;
import dev.cutover.cli.internal.Text;
import dev.cutover.cli.internal.routes.RouteTables;
import dev.cutover.cli.internal.routes.StoreRoutes;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.MethodRouting;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.verify.RepairReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code verify --repair} works with: each table's primary from the routes in force (this environment, then the
 * flag store), and the outboxes of both backends. Checked before anything is queued: a table whose routes give no single
 * primary, or whose other outbox still holds entries of it (rows whose latest write is on the other side, which a copy
 * from this primary would overwrite), is refused.
 */
final class VerifyRepairs {
    /** Entries of the other outbox read to find a table's; more are reported as "at least". */
    private static final int PENDING_LOOKED_AT = 10_000;

    private final Map<MovedTable<?, ?>, Backend> primaries;
    private final Map<Backend, Outbox> outboxes = new EnumMap<>(Backend.class);
    private final List<RepairReport> reports = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    private VerifyRepairs(Map<MovedTable<?, ?>, Backend> primaries) {
        this.primaries = primaries;
    }

    /**
     * Works out every table's direction and opens the outboxes (creating their tables, as {@code cutover reconcile} does).
     *
     * @throws CliException naming each table that cannot be repaired now and what to do
     */
    static VerifyRepairs prepare(CutoverApplication application, Map<String, String> environment,
            List<MovedTable<?, ?>> tables, LegacyAdapter legacy, PostgresAdapter postgres) {
        VerifyRepairs repairs = new VerifyRepairs(RepairDirection.of(application, tables,
                routing(application, environment, postgres)));
        try {
            repairs.outboxes.put(Backend.LEGACY, LegacyOutbox.create(legacy));
        } catch (IllegalArgumentException e) {
            throw new CliException("repair-refused", "Cannot repair: " + e.getMessage(), "a legacy database without the"
                    + " outbox table " + LegacyOutbox.TABLE + " cannot take repairs; copy the rows by hand", e);
        }
        repairs.outboxes.put(Backend.POSTGRES, PostgresOutbox.create(postgres));
        repairs.refusePendingOtherWay();
        return repairs;
    }

    /** The routes an instance would serve now; this environment's alone where no flag store was ever created. */
    private static List<MethodRouting> routing(CutoverApplication application, Map<String, String> environment,
            PostgresAdapter postgres) {
        try (StoreRoutes store = StoreRoutes.open(application, environment, postgres.connections().dataSource())) {
            return store.live().routing();
        } catch (CliException e) {
            if (!"flag-store-missing".equals(e.error())) {
                throw e;
            }
        }
        try (Cutover cutover = RouteTables.bind(application, EnvironmentRoutes.builder().environment(environment)
                .knownVariables(application.knownVariables()).build())) {
            return MethodRouting.of(cutover.routes());
        }
    }

    /** Refuses tables whose rows the other primary wrote and its reconciler has not copied yet. */
    private void refusePendingOtherWay() {
        List<String> refused = new ArrayList<>();
        Map<Backend, List<OutboxEntry>> pending = new EnumMap<>(Backend.class);
        primaries.forEach((table, primary) -> {
            Backend other = other(primary);
            Outbox outbox = outboxes.get(other);
            List<OutboxEntry> entries = pending.computeIfAbsent(other,
                    b -> outbox.pending(Instant.now().plusSeconds(60), PENDING_LOOKED_AT));
            long ofTable = entries.stream().filter(e -> e.key().table().equals(table.name())).count();
            if (ofTable > 0) {
                refused.add(table.name() + ": its writes are routed to " + primary.id() + " (" + RepairDirection.routesOf(primary)
                        + "), but the " + other.id() + "-primary outbox (" + outbox.description() + ") still holds "
                        + (entries.size() == PENDING_LOOKED_AT ? "at least " : "") + Text.count(ofTable, "entry", "entries")
                        + " of it: rows written on " + other.id() + " that " + primary.id() + " has not received yet, which"
                        + " a copy from " + primary.id() + " would overwrite. Run 'cutover reconcile' (or wait until"
                        + " 'cutover status' shows that outbox empty), then run 'cutover verify --repair' again");
            }
        });
        if (!refused.isEmpty()) {
            throw new CliException("repair-refused", "Cannot repair " + String.join("; cannot repair ", refused)
                    + ". Nothing was queued.", null, null);
        }
    }

    private static Backend other(Backend backend) {
        return backend == Backend.LEGACY ? Backend.POSTGRES : Backend.LEGACY;
    }

    /** The outbox of {@code table}'s primary. */
    Outbox outboxOf(MovedTable<?, ?> table) {
        return outboxes.get(primaries.get(table));
    }

    void add(MovedTable<?, ?> table, RepairReport report) {
        tables.add(table.name());
        reports.add(report);
    }

    /** {@code Repair: queued 3 keys ...} and a line per table with its direction, counts and outbox. */
    String summary() {
        long queued = reports.stream().mapToLong(RepairReport::queued).sum();
        StringBuilder text = new StringBuilder("Repair: queued ").append(Text.count(queued, "key", "keys"))
                .append(" for the reconciler:");
        for (int i = 0; i < reports.size(); i++) {
            RepairReport r = reports.get(i);
            text.append(System.lineSeparator()).append("  ").append(tables.get(i)).append(": ").append(r.primary().id())
                    .append(" -> ").append(r.secondary().id()).append(", ").append(Text.count(r.queued(), "key", "keys"))
                    .append(" (missing ").append(r.queuedMissing()).append(", extra ").append(r.queuedExtra())
                    .append(", different ").append(r.queuedDifferent()).append(") in ").append(r.outbox());
            if (r.unreadable() > 0) {
                text.append("; ").append(Text.count(r.unreadable(), "unreadable row", "unreadable rows"))
                        .append(" not repairable (listed above)");
            }
            if (r.failure() != null) {
                text.append("; stopped: ").append(r.failure()).append(", ").append(r.notQueued()).append(" not queued");
            }
        }
        return text.append(System.lineSeparator()).append("The application's reconciler copies the primary's row of each"
                + " key once they are older than its grace period (10 s), or run 'cutover reconcile' now; then verify"
                + " again.").toString();
    }

    /** {@code {queued, tables: [{table, primary, secondary, outbox, queued, missing, extra, different, ...}]}}. */
    ObjectNode json() {
        ObjectNode root = Json.object();
        root.put("queued", reports.stream().mapToLong(RepairReport::queued).sum());
        ArrayNode array = root.putArray("tables");
        for (int i = 0; i < reports.size(); i++) {
            RepairReport r = reports.get(i);
            ObjectNode node = array.addObject();
            node.put("table", tables.get(i));
            node.put("primary", r.primary().id());
            node.put("secondary", r.secondary().id());
            node.put("outbox", r.outbox());
            node.put("queued", r.queued());
            node.put("missing", r.queuedMissing());
            node.put("extra", r.queuedExtra());
            node.put("different", r.queuedDifferent());
            node.put("notRepairable", r.unreadable());
            node.put("notQueued", r.notQueued());
            node.put("failure", r.failure());
        }
        return root;
    }
}
