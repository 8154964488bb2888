package dev.cutover.flags.internal;

import dev.cutover.flags.ChangeTool;
import dev.cutover.flags.FlagStoreException;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.Rollout;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteChangeCheck;
import dev.cutover.flags.RouteChangeRefusedException;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFlags;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteOrigin;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RouteFlags} of a {@link DefaultLiveRoutes}: validates a change, checks it with {@link RouteChangeCheck} on the
 * entries as stored under the change's lock, and writes it with its audit row (or, for a dry run, only answers).
 * Immutable: {@link #dryRun()}, {@link #via} and {@link #forced()} return other views.
 */
final class StoreChanges implements RouteFlags {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

    private final DefaultLiveRoutes routes;
    private final boolean dryRun;
    private final boolean forced;
    private final ChangeTool tool;

    StoreChanges(DefaultLiveRoutes routes, boolean dryRun, boolean forced, ChangeTool tool) {
        this.routes = routes;
        this.dryRun = dryRun;
        this.forced = forced;
        this.tool = tool;
    }

    @Override
    public RouteChange set(String target, String route, String actor, String reason) {
        return change(target, route, null, actor, reason);
    }

    @Override
    public RouteChange set(String target, Route route, String actor, String reason) {
        Objects.requireNonNull(route, "route");
        return change(target, route.id(), null, actor, reason);
    }

    @Override
    public RouteChange rollout(String method, Rollout rollout, String actor, String reason) {
        Objects.requireNonNull(rollout, "rollout");
        return change(method, rollout.route().id(), rollout, actor, reason);
    }

    @Override
    public RouteChange clear(String target, String actor, String reason) {
        return change(target, null, null, actor, reason);
    }

    @Override
    public RouteFlags dryRun() {
        return new StoreChanges(routes, true, forced, tool);
    }

    @Override
    public RouteFlags via(ChangeTool tool) {
        return new StoreChanges(routes, dryRun, forced, Objects.requireNonNull(tool, "tool"));
    }

    @Override
    public RouteFlags forced() {
        return new StoreChanges(routes, dryRun, true, tool);
    }

    /** @param route the route id to set, or {@code null} to clear */
    private RouteChange change(String targetName, String route, Rollout rollout, String actor, String reason) {
        requireText(actor, "actor", "name who makes it");
        requireText(reason, "reason", "say why");
        RouteBinding binding = routes.openBinding();
        Instant at = routes.clock().instant().truncatedTo(ChronoUnit.MICROS);
        List<String> problems = new ArrayList<>();
        TargetCatalog.Target target = binding.catalog.find(targetName);
        if (target == null) {
            problems.add(binding.catalog.unknown(targetName));
        }
        StoreEntry entry = null;
        if (route != null) {
            StoreRow row = rollout == null
                    ? new StoreRow(targetName, route, null, List.of(), null, actor, at, reason)
                    : new StoreRow(targetName, route, rollout.percentage(), List.copyOf(rollout.tenants()),
                            rollout.otherwise().id(), actor, at, reason);
            TargetCatalog.Target validatedAs = target != null ? target
                    : new TargetCatalog.Target(String.valueOf(targetName), RouteOrigin.METHOD, List.of());
            entry = StoreEntry.validate(row, validatedAs, String.valueOf(targetName), problems);
        }
        if (!problems.isEmpty()) {
            throw new RouteConfigurationException(problems);
        }
        // What is written is canonical: the target as known, route ids as Route writes them.
        StoreRow row = entry == null ? null : entry.toRow();
        String to = row == null ? RouteFlags.UNSET : row.describeValue();
        StoreEntry next = entry;
        AtomicReference<List<RouteFinding>> found = new AtomicReference<>(List.of());
        FlagTable.ChangeCheck check = rows -> {
            found.set(check(binding, target, next, rows));
            return found.get();
        };
        if (dryRun) {
            List<StoreRow> rows = read(target);
            List<RouteFinding> findings = check.check(rows);
            String from = rows.stream().filter(r -> r.target().equals(target.name())).findFirst()
                    .map(StoreRow::describeValue).orElse(RouteFlags.UNSET);
            return new RouteChange(target.name(), from, to, actor, reason, at, true,
                    binding.project(target, after(binding.entriesOf(rows), target, next)), findings);
        }
        FlagTable.Changed changed;
        try {
            changed = routes.table().change(target.name(), row, actor, reason, at, routes.declared(tool), check);
        } catch (FlagTable.CommitOutcomeUnknown e) {
            throw new FlagStoreException("The change of " + target.name() + " may or may not have been applied: its"
                    + " commit failed (" + FlagTable.describe(e) + "); its audit log (LiveRoutes.auditLog) says which", e);
        } catch (SQLException e) {
            throw new FlagStoreException("Could not change " + target.name() + " in the route flag store, so nothing"
                    + " changed: " + FlagTable.describe(e), e);
        }
        LOG.info("{} changed {} from {} to {}: {}", actor, target.name(), changed.audit().from(), changed.audit().to(), reason);
        changed.audit().forced().forEach(finding -> LOG.warn("{} forced the change of {} past: {}", actor, target.name(),
                finding));
        routes.publishAfterChange(after(changed.before(), target.name(), row), changed.version());
        return new RouteChange(target.name(), changed.audit().from(), changed.audit().to(), actor, reason, at, false,
                binding.project(target, after(binding.entriesOf(changed.before()), target, next)), found.get());
    }

    /** The findings of the change on {@code rows}; throws unless none or forced. */
    private List<RouteFinding> check(RouteBinding binding, TargetCatalog.Target target, StoreEntry next, List<StoreRow> rows) {
        Map<String, StoreEntry> before = binding.entriesOf(rows);
        List<RouteFinding> findings = RouteChangeCheck.check(binding.routing(before), binding.routing(after(before, target, next)));
        if (!findings.isEmpty() && !forced) {
            throw new RouteChangeRefusedException(target.name(), findings);
        }
        return findings;
    }

    /** The rows as the change left them: those it read under its lock, with its own row written or removed. */
    private static List<StoreRow> after(List<StoreRow> before, String target, StoreRow written) {
        List<StoreRow> after = new ArrayList<>(before);
        after.removeIf(row -> row.target().equals(target));
        if (written != null) {
            after.add(written);
            after.sort(Comparator.comparing(StoreRow::target));
        }
        return after;
    }

    private static Map<String, StoreEntry> after(Map<String, StoreEntry> before, TargetCatalog.Target target, StoreEntry next) {
        Map<String, StoreEntry> after = new HashMap<>(before);
        if (next == null) {
            after.remove(target.name());
        } else {
            after.put(target.name(), next);
        }
        return after;
    }

    private List<StoreRow> read(TargetCatalog.Target target) {
        try {
            return routes.table().readAll();
        } catch (SQLException e) {
            throw new FlagStoreException("Could not read " + target.name() + " from the route flag store: "
                    + FlagTable.describe(e), e);
        }
    }

    private static void requireText(String value, String name, String meaning) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Every route change is audited: " + name + " must " + meaning + "; got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
