package dev.cutover.benchmarks;

import dev.cutover.reference.Client;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routed vs direct {@code ClientRepository.findById} on a real PostgreSQL: primary-key lookups of clients
 * with JSONB. JMH runs the two one after the other, so drift of a shared 2-core machine shows in the
 * difference; {@link RoutedVsDirectOnPostgres} interleaves them for the ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PostgresFindByIdBenchmark {
    private ClientsOnPostgres fixture;
    private long id;

    @Setup
    public void setUp() {
        fixture = new ClientsOnPostgres();
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Optional<Client> direct() {
        return fixture.direct.findById(1 + (id++ % ClientsOnPostgres.CLIENTS));
    }

    @Benchmark
    public Optional<Client> routed() {
        return fixture.routed.findById(1 + (id++ % ClientsOnPostgres.CLIENTS));
    }
}
