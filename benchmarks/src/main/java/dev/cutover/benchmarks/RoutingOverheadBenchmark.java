package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the router adds to one call: the same in-memory repository called directly and through Cutover,
 * with routes from a fixed source and from environment variables through Togglz (the production path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class RoutingOverheadBenchmark {

    /** A repository whose calls cost almost nothing, so that only the routing shows. */
    public interface PriceRepository {
        Optional<Long> findPrice(long id);
    }

    static final class InMemoryPrices implements PriceRepository {
        private final Map<Long, Optional<Long>> prices = new HashMap<>();

        InMemoryPrices() {
            for (long id = 0; id < 1024; id++) {
                prices.put(id, Optional.of(id * 100));
            }
        }

        @Override
        public Optional<Long> findPrice(long id) {
            return prices.get(id);
        }
    }

    @Param({"fixed", "environment"})
    public String routes;

    private PriceRepository direct;
    private PriceRepository routed;
    private long id;

    @Setup
    public void setUp() {
        direct = new InMemoryPrices();
        RouteSource source = routes.equals("fixed") ? RouteSource.fixed(Route.POSTGRES)
                : dev.cutover.flags.EnvironmentRoutes.builder()
                        .environment(Map.of("CUTOVER_ROUTE__PRICE_REPOSITORY__FIND_PRICE", "postgres")).build();
        routed = Cutover.builder().routes(source).repository(PriceRepository.class, new InMemoryPrices(), direct).build()
                .repository(PriceRepository.class);
    }

    @Benchmark
    public Optional<Long> direct() {
        return direct.findPrice(id++ & 1023);
    }

    @Benchmark
    public Optional<Long> routed() {
        return routed.findPrice(id++ & 1023);
    }
}
