package dev.cutover.benchmarks;

import dev.cutover.reference.ClientRepository;
import java.util.Arrays;
import java.util.Locale;

/**
 * The routed-vs-direct ratio of {@code findById} on a real PostgreSQL, measured in one run with the two
 * interleaved: each round times a batch of direct calls and a batch of routed calls (alternating which goes
 * first), so that drift of the machine hits both alike. Prints per-call medians, quartiles and the median
 * of the per-round ratios.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.RoutedVsDirectOnPostgres [rounds] [calls]</pre>
 */
public final class RoutedVsDirectOnPostgres {
    private static long sink;

    private RoutedVsDirectOnPostgres() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        try (ClientsOnPostgres fixture = new ClientsOnPostgres()) {
            for (int i = 0; i < 10; i++) {
                batch(fixture.direct, calls, i);
                batch(fixture.routed, calls, i);
            }
            double[] direct = new double[rounds];
            double[] routed = new double[rounds];
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    direct[round] = batch(fixture.direct, calls, round);
                    routed[round] = batch(fixture.routed, calls, round);
                } else {
                    routed[round] = batch(fixture.routed, calls, round);
                    direct[round] = batch(fixture.direct, calls, round);
                }
                ratios[round] = routed[round] / direct[round];
            }
            System.out.printf(Locale.ROOT, "findById on PostgreSQL, %d rounds x %d calls each way, interleaved%n", rounds, calls);
            System.out.printf(Locale.ROOT, "%-8s %12s %12s %12s%n", "", "median us", "p25 us", "p75 us");
            print("direct", direct);
            print("routed", routed);
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "routed/direct: median of per-round ratios %.4f (p25 %.4f, p75 %.4f); "
                    + "added %.2f%%%n", sorted[rounds / 2], sorted[rounds / 4], sorted[3 * rounds / 4],
                    (sorted[rounds / 2] - 1) * 100);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    /** Mean microseconds per call over one batch. */
    private static double batch(ClientRepository clients, int calls, int round) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long id = 1 + ((long) round * calls + i) % ClientsOnPostgres.CLIENTS;
            sink += clients.findById(id).map(c -> c.name().length()).orElse(0);
        }
        return (System.nanoTime() - start) / 1_000.0 / calls;
    }

    private static void print(String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "%-8s %12.2f %12.2f %12.2f%n", label, sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
    }
}
