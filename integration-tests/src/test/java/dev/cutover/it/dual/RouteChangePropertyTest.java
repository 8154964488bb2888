package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.dual.MirrorMode;
import dev.cutover.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Route changes never lose a write, in any order: a property-based test. It generates schedules of writes (saves and
 * deletes of a few clients), flips of the write route, the emergency override on and off, outages of either database
 * (its connections cut and refused through a TCP proxy) and process kills (an instance's connections cut mid-flight,
 * then a new instance on the same databases), and runs them against real servers, with legacy on PostgreSQL and on
 * MariaDB. After each schedule both databases are reachable again, the reconciler drains both outboxes, and each client
 * must hold, on each side, a value the contract allows ({@link WriteModel}): the last acknowledged write on its primary,
 * and on both sides when it was made on a dual route; the two sides must be equal wherever the contract says so (a write
 * on a single route that had no reason to be recorded reaches its own database only, by design).
 *
 * <p>A failing schedule is shrunk (steps removed one at a time while it still fails, within a time bound) and reported
 * with its seed. {@code -Dcutover.property.tries=N} schedules per legacy engine (4 by default, see the module's pom);
 * {@code -Dcutover.property.seed=S} replays the schedules of seed {@code S} (0, the default, draws one and prints it).
 * The generation and the shrinking are written here, on a seeded {@link SplittableRandom}: no property-testing library.
 */
@Tag("slow")
class RouteChangePropertyTest {
    private static final Duration SHRINKING = Duration.ofSeconds(90);

    /** One step of a schedule. */
    sealed interface Step {
    }

    record Save(int client) implements Step {
    }

    record Delete(int client) implements Step {
    }

    /** The live route of every write (a flag store change, a rollout completing). */
    record Flip(Route route) implements Step {
    }

    /** {@code CUTOVER_ROUTE_OVERRIDE}, or the store's override entry: beats every other route until turned off. */
    record OverrideOn(Route route) implements Step {
    }

    record OverrideOff() implements Step {
    }

    /** A database goes down, or comes back if it was down. */
    record Outage(Backend database) implements Step {
    }

    /** The instance dies without shutting down (its connections cut mid-flight) and a new one starts. */
    record Kill() implements Step {
    }

    /** A schedule and how mirroring runs while it plays. */
    record Schedule(List<Step> steps, MirrorMode mode) {
    }

    @AfterAll
    static void dropDatabases() {
        ScheduleWorld.closeAll();
    }

    @ParameterizedTest(name = "legacy on {0}")
    @EnumSource(ScheduleWorld.Engine.class)
    void shouldKeepEveryAcknowledgedWriteWhateverTheOrderOfRouteChangesOutagesAndKills(ScheduleWorld.Engine engine)
            throws Exception {
        int tries = Integer.getInteger("cutover.property.tries", 4);
        long seed = Long.getLong("cutover.property.seed", 0);
        seed = seed != 0 ? seed : new SplittableRandom().nextLong();
        ScheduleWorld world = ScheduleWorld.of(engine);
        SplittableRandom random = new SplittableRandom(seed);
        long started = System.nanoTime();
        for (int i = 0; i < tries; i++) {
            Schedule schedule = generate(random);
            List<String> problems = run(world, schedule);
            if (!problems.isEmpty()) {
                Schedule smallest = shrink(world, schedule, problems);
                assertThat(run(world, smallest)).as("schedule %d of seed %d (-Dcutover.property.seed=%d), legacy on %s,"
                        + " shrunk from %s to %s", i + 1, seed, seed, engine, schedule, smallest).isEmpty();
                assertThat(problems).as("schedule %d of seed %d (-Dcutover.property.seed=%d), legacy on %s: %s (it did not"
                        + " fail again once shrunk)", i + 1, seed, seed, engine, schedule).isEmpty();
            }
        }
        System.out.printf("[route-change property] legacy on %s: %d schedules of seed %d passed in %.1f s%n", engine, tries,
                seed, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A schedule of 2 to 7 phases over {@value ScheduleWorld#CLIENTS} clients, each a route change (a flip, the override on
     * or off), perhaps a database going down or coming back, perhaps a kill, then one to three writes: writes of the same
     * rows on both sides of every kind of change, the orders that lose a write if any does.
     */
    static Schedule generate(SplittableRandom random) {
        int phases = 2 + random.nextInt(6);
        List<Step> steps = new ArrayList<>();
        Route[] routes = Route.values();
        for (int phase = 0; phase < phases; phase++) {
            int change = random.nextInt(20);
            if (change < 12) {
                steps.add(new Flip(routes[random.nextInt(routes.length)]));
            } else if (change < 17) {
                steps.add(new OverrideOn(random.nextBoolean() ? Route.LEGACY : Route.LEGACY_DUAL));
            } else {
                steps.add(new OverrideOff());
            }
            if (random.nextInt(5) < 2) {
                steps.add(new Outage(random.nextBoolean() ? Backend.LEGACY : Backend.POSTGRES));
            }
            if (random.nextInt(10) == 0) {
                steps.add(new Kill());
            }
            int writes = 1 + random.nextInt(3);
            for (int i = 0; i < writes; i++) {
                int client = 1 + random.nextInt(ScheduleWorld.CLIENTS);
                steps.add(random.nextInt(5) == 0 ? new Delete(client) : new Save(client));
            }
        }
        return new Schedule(List.copyOf(steps), random.nextBoolean() ? MirrorMode.SYNCHRONOUS : MirrorMode.ASYNCHRONOUS);
    }

    /** Removes steps one at a time, keeping each removal after which the schedule still fails, until none can go. */
    private static Schedule shrink(ScheduleWorld world, Schedule failing, List<String> problems) throws Exception {
        long deadline = System.nanoTime() + SHRINKING.toNanos();
        Schedule smallest = failing;
        boolean removed = true;
        while (removed && System.nanoTime() < deadline) {
            removed = false;
            for (int i = 0; i < smallest.steps().size() && System.nanoTime() < deadline; i++) {
                List<Step> fewer = new ArrayList<>(smallest.steps());
                fewer.remove(i);
                Schedule candidate = new Schedule(List.copyOf(fewer), smallest.mode());
                if (!run(world, candidate).isEmpty()) {
                    smallest = candidate;
                    removed = true;
                    i--;
                }
            }
        }
        return smallest;
    }

    /** Plays a schedule on fresh tables; what the contract found wrong, empty if nothing. */
    private static List<String> run(ScheduleWorld world, Schedule schedule) throws Exception {
        List<Step> steps = schedule.steps();
        MirrorMode mode = schedule.mode();
        world.reset();
        ScheduleWorld.Routes routes = new ScheduleWorld.Routes();
        Set<Backend> down = EnumSet.noneOf(Backend.class);
        WriteModel model = new WriteModel();
        List<String> log = new ArrayList<>();
        ScheduleWorld.Instance instance = world.start(routes, mode, down);
        try {
            int written = 0;
            for (Step step : steps) {
                if (step instanceof Save save) {
                    instance = instance != null ? instance : world.start(routes, mode, down);
                    if (instance != null) {
                        String value = "c" + save.client() + "-w" + (++written);
                        write(instance, routes.current(), save.client(), value, model, log);
                    }
                } else if (step instanceof Delete delete) {
                    instance = instance != null ? instance : world.start(routes, mode, down);
                    if (instance != null) {
                        write(instance, routes.current(), delete.client(), WriteModel.ABSENT, model, log);
                    }
                } else if (step instanceof Flip flip) {
                    routes.base(flip.route());
                } else if (step instanceof OverrideOn on) {
                    routes.override(on.route());
                } else if (step instanceof OverrideOff) {
                    routes.override(null);
                } else if (step instanceof Outage outage) {
                    if (!down.remove(outage.database())) {
                        down.add(outage.database());
                    }
                    if (instance != null) {
                        instance.reach(down);
                    }
                } else if (step instanceof Kill) {
                    if (instance != null) {
                        instance.kill();
                    }
                    instance = world.start(routes, mode, down);
                }
            }
            down.clear();
            if (instance == null) {
                instance = world.start(routes, mode, down);
            } else {
                instance.reach(down);
            }
            if (instance == null) {
                return List.of("no instance started once both databases were up");
            }
            if (!instance.dualWrites().reconciler().awaitEmpty(Duration.ofSeconds(60))) {
                return List.of("outboxes not drained within 60 s: " + instance.dualWrites().reconciler().measureBacklog()
                        + "; writes: " + log);
            }
            Map<Integer, String> onLegacy = new TreeMap<>();
            Map<Integer, String> onPostgres = new TreeMap<>();
            for (int client = 1; client <= ScheduleWorld.CLIENTS; client++) {
                onLegacy.put(client, instance.value(Backend.LEGACY, client));
                onPostgres.put(client, instance.value(Backend.POSTGRES, client));
            }
            List<String> problems = new ArrayList<>(model.violations(onLegacy, onPostgres));
            problems.addAll(instance.differences(model.mustBeEqual()));
            if (!problems.isEmpty()) {
                problems.add("writes: " + log);
            }
            return problems;
        } finally {
            if (instance != null) {
                instance.close();
            }
        }
    }

    private static void write(ScheduleWorld.Instance instance, Route route, int client, String value, WriteModel model,
            List<String> log) {
        try {
            if (value.equals(WriteModel.ABSENT)) {
                instance.delete(client);
            } else {
                instance.save(client, value);
            }
            model.acknowledged(client, value, route);
            log.add(client + "=" + value + " on " + route.id());
        } catch (RuntimeException e) {
            model.failed(client, value);
            log.add(client + "=" + value + " on " + route.id() + " failed");
        }
    }
}
