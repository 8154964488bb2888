package dev.cutover.flags;

import dev.cutover.Cutover;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteSource;
import java.util.Map;

/** In-memory implementations of the test repositories, answering with their backend's id. */
final class TestRepositories {

    private TestRepositories() {
    }

    static final class Clients implements ClientRepository {
        private final String backend;

        Clients(String backend) {
            this.backend = backend;
        }

        @Override
        public String findById(long id) {
            return backend;
        }

        @Override
        public String findById(String externalId) {
            return backend;
        }

        @Override
        public String findByYclientsId(long yclientsId) {
            return backend;
        }

        @Override
        public String save(String client) {
            return backend;
        }
    }

    static final class Bookings implements BookingRepository {
        private final String backend;

        Bookings(String backend) {
            this.backend = backend;
        }

        @Override
        public String findById(long id) {
            return backend;
        }

        @Override
        public String deleteById(long id) {
            return backend;
        }
    }

    /** A Cutover over both test repositories, routed by {@code source}. */
    static Cutover cutover(RouteSource source) {
        return Cutover.builder()
                .routes(source)
                .repository(ClientRepository.class, new Clients("legacy"), new Clients("postgres"))
                .repository(BookingRepository.class, new Bookings("legacy"), new Bookings("postgres"))
                .build();
    }

    /** A Cutover over both test repositories, routed by {@code environment}. */
    static Cutover cutover(Map<String, String> environment) {
        return cutover(EnvironmentRoutes.builder().environment(environment).build());
    }

    /** The decision of {@code Repository.method} in the route table. */
    static RouteDecision decision(Cutover cutover, String qualifiedName) {
        return cutover.routes().stream()
                .filter(route -> route.method().qualifiedName().equals(qualifiedName))
                .map(MethodRoute::decision)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No route for " + qualifiedName + " in " + cutover.routes()));
    }
}
