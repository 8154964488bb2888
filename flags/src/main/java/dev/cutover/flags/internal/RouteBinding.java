package dev.cutover.flags.internal;

import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.RouteChangeCheck;
import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSwitch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;

/**
 * The switches of one set of methods and what the store last said: validates store rows, decides each method's plan
 * by precedence (a variable, then the store's entries, then {@code legacy}) and publishes the plans that changed.
 * Reads and publishing are serialized by this object's monitor; routed calls never take it, they read the switches'
 * volatile plans.
 */
final class RouteBinding {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    static final String FEATURE_MANAGER_NAME = "cutover-live-routes";
    private static final RouteDecision BUILT_IN = new RouteDecision(RouteVariables.BUILT_IN_DEFAULT, RouteOrigin.DEFAULT,
            RouteVariables.BUILT_IN_DEFAULT_SOURCE);

    final List<RepositoryMethod> methods;
    /** The decision of an environment variable, or {@code null} where none applies. */
    private final List<RouteDecision> fromEnvironment;
    final TargetCatalog catalog;
    private final List<LiveRouteSwitch> switches;
    final List<RouteSwitch> switchList;
    final FeatureManager featureManager;
    private List<StoreRow> lastRows;
    /** The entries in force, by target: valid ones, or the last good value of an invalid one. */
    private Map<String, StoreEntry> entries = Map.of();
    /** Why each ignored entry is ignored, by target. */
    private Map<String, String> ignored = Map.of();
    /** The stale reads of the routes in force, as last logged. */
    private List<RouteFinding> staleReads = List.of();
    private boolean reachable = true;
    private Instant lastRead;
    private String failure;
    /** Tickets of reads: one per read started; the highest whose outcome was recorded. */
    private final AtomicLong reads = new AtomicLong();
    private long recorded;
    /** The store version of the rows applied (migration V203); later states replace them, earlier ones never do. */
    private long version = -1;
    /** The version a notification set that no read has confirmed yet, or -1; reads whose ticket is above the second. */
    private long unconfirmed = -1;
    private long unconfirmedBefore;

    RouteBinding(List<RepositoryMethod> methods, List<RouteDecision> fromEnvironment) {
        this.methods = methods;
        this.fromEnvironment = fromEnvironment;
        this.catalog = new TargetCatalog(methods);
        List<LiveRouteSwitch> made = new ArrayList<>(methods.size());
        Map<String, LiveRouteSwitch> byFeature = new HashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            LiveRouteSwitch routeSwitch = new LiveRouteSwitch(plan(i, Map.of()));
            made.add(routeSwitch);
            byFeature.put(RouteFeatures.feature(methods.get(i)).name(), routeSwitch);
        }
        this.switches = List.copyOf(made);
        this.switchList = List.copyOf(made);
        this.featureManager = FeatureManagerBuilder.begin()
                .name(FEATURE_MANAGER_NAME)
                .featureProvider(new RouteFeatureProvider(methods))
                .stateRepository(new LiveStateRepository(byFeature))
                .userProvider(new TenantUserProvider())
                .activationStrategy(new TenantRolloutStrategy())
                .build();
    }

    /** Whether a variable decides every method, as {@code CUTOVER_ROUTE_OVERRIDE} does: then the store cannot matter. */
    boolean environmentDecidesAll() {
        return fromEnvironment.stream().allMatch(Objects::nonNull);
    }

    /** Whether an entry for {@code target} can decide a method, that is, one no variable decides. */
    private boolean canDecide(TargetCatalog.Target target) {
        return target.methodIndexes().stream().anyMatch(i -> fromEnvironment.get(i) == null);
    }

    /**
     * The first read, at startup: an invalid entry that decides a method stops the start.
     *
     * @throws RouteConfigurationException listing every invalid entry
     */
    synchronized void started(List<StoreRow> rows, long version, Instant at) {
        lastRead = at;
        apply(rows, true);
        this.version = version;
    }

    /** A ticket for a read about to start: reads started later see the store as new or newer. */
    long nextRead() {
        return reads.incrementAndGet();
    }

    /**
     * Records a successful read and applies its rows if they changed, unless a read started later was recorded or a
     * newer version of the store was applied (from a notification) meanwhile.
     */
    synchronized void read(long ticket, List<StoreRow> rows, long version, Instant at) {
        if (ticket < recorded) {
            return;
        }
        recorded = ticket;
        if (!reachable) {
            LOG.info("Route flag store reachable again; routes follow it again");
        }
        reachable = true;
        failure = null;
        lastRead = at;
        if (unconfirmed >= 0 && ticket > unconfirmedBefore) {
            if (version < unconfirmed) {
                // Anyone who can connect can NOTIFY: a state the store never held must not keep routing calls.
                LOG.error("A notification on channel {} carried store version {}, which the store does not hold (it is at"
                        + " {}): not sent by a change of the store; routes follow the store again", StoreListener.CHANNEL,
                        unconfirmed, version);
                this.version = version;
                apply(rows, false);
            }
            unconfirmed = -1;
        }
        applyIfNewer(rows, version);
    }

    /**
     * Applies the store's state as a notification carried it, unless this binding holds that version or a newer one
     * (notifications come in commit order, but a read may have overtaken them). Returns whether it was applied: then the
     * caller reads the store, which confirms it (or, if no change of the store sent it, replaces it).
     */
    synchronized boolean notified(List<StoreRow> rows, long version, Instant at) {
        if (version <= this.version) {
            return false;
        }
        lastRead = at;
        applyIfNewer(rows, version);
        unconfirmed = version;
        unconfirmedBefore = reads.get();
        return true;
    }

    private void applyIfNewer(List<StoreRow> rows, long version) {
        if (version < this.version) {
            return;
        }
        if (!rows.equals(lastRows)) {
            apply(rows, false);
        }
        this.version = version;
    }

    /** Records a failed read, unless a read started later was recorded: the routes of the last good read stay in force. */
    synchronized void unreachable(long ticket, String why) {
        if (ticket < recorded) {
            return;
        }
        recorded = ticket;
        if (reachable) {
            LOG.warn("Route flag store unreachable: {}; keeping the routes read at {}", why,
                    lastRead == null ? "startup" : lastRead);
        }
        reachable = false;
        failure = why;
    }

    /** At startup, when the store could not be read but variables decide every route. */
    synchronized void startedUnreachable(String why) {
        reachable = false;
        failure = why;
        logStaleReads();
    }

    /**
     * Validates the rows and publishes the plans that changed.
     *
     * @param strict at startup: throw for invalid entries instead of keeping their last good value
     */
    private void apply(List<StoreRow> rows, boolean strict) {
        Map<String, String> nowIgnored = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, StoreEntry> next = validate(rows, strict, nowIgnored, problems);
        if (!problems.isEmpty()) {
            throw new RouteConfigurationException(problems);
        }
        nowIgnored.forEach((target, why) -> {
            if (!why.equals(ignored.get(target))) {
                if (catalog.find(target) == null) {
                    LOG.warn(why);
                } else {
                    LOG.error(why);
                }
            }
        });
        entries = next;
        ignored = nowIgnored;
        lastRows = rows;
        for (int i = 0; i < switches.size(); i++) {
            SwitchPlan plan = plan(i, entries);
            if (switches.get(i).publish(plan) && !strict) {
                LOG.info("Route of {} is now {} [{}]", methods.get(i).qualifiedName(),
                        plan.rollout() == null ? plan.fixed().route().id() : plan.rollout().route().id() + "/"
                                + plan.rollout().otherwise().id(), plan.summary());
            }
        }
        logStaleReads();
    }

    /** The entries rows give: valid ones; for an invalid one, the last good value (or none); unknown targets ignored. */
    synchronized Map<String, StoreEntry> entriesOf(List<StoreRow> rows) {
        return validate(rows, false, new TreeMap<>(), new ArrayList<>());
    }

    private Map<String, StoreEntry> validate(List<StoreRow> rows, boolean strict, Map<String, String> nowIgnored,
            List<String> problems) {
        Map<String, StoreEntry> next = new HashMap<>();
        for (StoreRow row : rows) {
            TargetCatalog.Target target = catalog.find(row.target());
            if (target == null) {
                nowIgnored.put(row.target(), "Flag store entry '" + row.target() + "' names nothing this application"
                        + " routes (written by another version?); ignored");
                continue;
            }
            List<String> found = new ArrayList<>();
            StoreEntry entry = StoreEntry.validate(row, target, "Flag store entry " + row.target(), found);
            if (entry != null) {
                next.put(target.name(), entry);
            } else if (strict && canDecide(target)) {
                found.forEach(problem -> problems.add(problem + "; correct it through LiveRoutes on a running instance,"
                        + " or in table " + FlagTable.TABLE));
            } else {
                StoreEntry kept = entries.get(target.name());
                if (kept != null) {
                    next.put(target.name(), kept);
                }
                nowIgnored.put(target.name(), String.join("; ", found) + (kept == null
                        ? "; ignored: the entry is treated as unset, as it was before"
                        : "; ignored: keeping its last good value, " + kept.describeValue() + " (" + kept.provenance() + ")"));
            }
        }
        return next;
    }

    /** Logs each stale read the routes in force have and did not have at the last log, naming the methods and the fix. */
    private void logStaleReads() {
        List<RouteFinding> now = RouteChangeCheck.staleReads(routing(entries));
        for (RouteFinding finding : now) {
            if (!staleReads.contains(finding)) {
                LOG.warn("Stale reads possible: {}", finding.message());
            }
        }
        staleReads = now;
    }

    /** The plan of method {@code i}: an environment variable, else the store's entries by precedence, else legacy. */
    SwitchPlan plan(int i, Map<String, StoreEntry> storeEntries) {
        RouteDecision variable = fromEnvironment.get(i);
        if (variable != null) {
            return SwitchPlan.fixed(variable);
        }
        RepositoryMethod method = methods.get(i);
        StoreEntry entry = storeEntries.get(RouteFlags.OVERRIDE);
        if (entry == null) {
            entry = storeEntries.get(method.qualifiedName());
        }
        if (entry == null) {
            entry = storeEntries.get(method.repository());
        }
        if (entry == null) {
            entry = storeEntries.get(RouteFlags.DEFAULT);
        }
        if (entry == null) {
            return SwitchPlan.fixed(BUILT_IN);
        }
        if (entry.rollout() == null) {
            return SwitchPlan.fixed(new RouteDecision(entry.route(), entry.target().level(), "store: " + entry.provenance()));
        }
        return SwitchPlan.rollout(RouteFeatures.feature(method).name(), entry.rollout(), entry.target().level(),
                entry.provenance());
    }

    /** How every method is routed under {@code storeEntries} and this instance's variables. */
    List<MethodRouting> routing(Map<String, StoreEntry> storeEntries) {
        List<MethodRouting> routing = new ArrayList<>(methods.size());
        for (int i = 0; i < methods.size(); i++) {
            SwitchPlan plan = plan(i, storeEntries);
            routing.add(plan.rollout() == null ? MethodRouting.fixed(methods.get(i), plan.fixed().route())
                    : MethodRouting.rollout(methods.get(i), plan.rollout()));
        }
        return routing;
    }

    /** How every method is routed now. */
    synchronized List<MethodRouting> routing() {
        return List.copyOf(routing(entries));
    }

    /** The stale reads of the routes in force. */
    synchronized List<RouteFinding> staleReads() {
        return staleReads;
    }

    /** The entries in force, by target (a copy). */
    synchronized Map<String, StoreEntry> entries() {
        return new HashMap<>(entries);
    }

    /** The routes, without a tenant, of the methods under {@code target} under {@code storeEntries}. */
    List<MethodRoute> project(TargetCatalog.Target target, Map<String, StoreEntry> storeEntries) {
        List<MethodRoute> routes = new ArrayList<>();
        for (int i : target.methodIndexes()) {
            routes.add(new MethodRoute(methods.get(i), plan(i, storeEntries).decide(null)));
        }
        return routes;
    }

    synchronized FlagStoreStatus status(boolean listening) {
        return new FlagStoreStatus(reachable, lastRead, failure, List.copyOf(ignored.values()), listening);
    }
}
