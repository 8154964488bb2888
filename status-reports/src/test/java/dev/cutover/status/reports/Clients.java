package dev.cutover.status.reports;

import dev.cutover.Cutover;
import dev.cutover.flags.EnvironmentRoutes;
import java.util.Map;

/** A test repository whose implementations are never called: reports are about routes. */
interface Clients {
    String findById(long id);

    String save(String client);

    /** A Cutover over {@link Clients}, routed by {@code environment}. */
    static Cutover cutover(Map<String, String> environment) {
        return Cutover.builder().routes(EnvironmentRoutes.builder().environment(environment).build())
                .repository(Clients.class, new Never(), new Never()).build();
    }

    /** An implementation that serves no call. */
    final class Never implements Clients {
        @Override
        public String findById(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String save(String client) {
            throw new UnsupportedOperationException();
        }
    }
}
