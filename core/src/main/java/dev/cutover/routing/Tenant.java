package dev.cutover.routing;

import java.util.Objects;

/**
 * The tenant of the calls running on this thread, for routes rolled out to a share of tenants (see
 * {@code LiveRoutes} in {@code cutover-flags}). Set it around the work done for one tenant, usually in
 * a request filter:
 *
 * <pre>{@code
 * Tenant.run(request.tenantId(), () -> chain.doFilter(request, response));
 * Booking booking = Tenant.call("acme", () -> bookings.findById(id));
 * }</pre>
 *
 * <p>A route switch reads {@link #current()} when it decides a call; a unit of work reads it once, when
 * it begins, and keeps the routes it pinned for that tenant even if the tenant changes inside it. The
 * tenant does not follow work handed to other threads: set it there too. Nested calls set the inner
 * tenant and restore the outer one when they return, also when they throw.
 *
 * <p>Thread-safe: the tenant is confined to its thread.
 */
public final class Tenant {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Tenant() {
    }

    /** Work done for one tenant. */
    @FunctionalInterface
    public interface Work<T, X extends Throwable> {
        T run() throws X;
    }

    /** The tenant of this thread's calls, or {@code null} outside {@link #run} and {@link #call}. */
    public static String current() {
        return CURRENT.get();
    }

    /**
     * Runs {@code work} with {@code tenantId} as this thread's tenant.
     *
     * @throws IllegalArgumentException if {@code tenantId} is blank
     */
    public static void run(String tenantId, Runnable work) {
        Objects.requireNonNull(work, "work");
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} with {@code tenantId} as this thread's tenant and returns its result.
     *
     * @throws IllegalArgumentException if {@code tenantId} is blank
     */
    public static <T, X extends Throwable> T call(String tenantId, Work<T, X> work) throws X {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(work, "work");
        if (tenantId.isBlank()) {
            throw new IllegalArgumentException("A tenant id cannot be blank; leave the tenant unset instead");
        }
        String outer = CURRENT.get();
        CURRENT.set(tenantId);
        try {
            return work.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
