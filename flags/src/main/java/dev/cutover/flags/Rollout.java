package dev.cutover.flags;

import dev.cutover.flags.internal.RolloutText;
import dev.cutover.routing.Route;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gradual rollout of one method: its calls go to {@code route} for a share of tenants and for the
 * listed tenants, and to {@code otherwise} for the others and for calls without a tenant (unless the
 * share is 100%). See {@link dev.cutover.routing.Tenant} for how a call gets its tenant.
 *
 * <pre>{@code
 * routes.rollout("ClientRepository.findById", Rollout.of(Route.POSTGRES, 25).withTenants("acme"), "alice", "canary");
 * }</pre>
 *
 * <p>A tenant's decision is sticky: its bucket, 0 to 99, is a hash of the method's feature name and
 * the tenant id's UTF-8 bytes, the same on every instance and JVM; it is in the share iff its bucket
 * is below {@code percentage}. Raising the percentage therefore only adds tenants.
 *
 * @param route      the route of the tenants in the rollout
 * @param percentage the share of tenants in the rollout, 0 to 100
 * @param tenants    tenants in the rollout whatever their bucket; sorted, unmodifiable
 * @param otherwise  the route of every other call, {@code legacy} unless set
 */
public record Rollout(Route route, int percentage, Set<String> tenants, Route otherwise) {

    /**
     * @throws IllegalArgumentException quoting a percentage outside 0 to 100, or a blank tenant id or one with a comma
     */
    public Rollout {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(otherwise, "otherwise");
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("A rollout's percentage must be between 0 and 100; got " + percentage);
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String tenant : tenants) {
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("A rollout's tenant ids cannot be null or blank; got "
                        + (tenant == null ? "null" : "'" + tenant + "'"));
            }
            if (tenant.indexOf(',') >= 0) {
                throw new IllegalArgumentException("A rollout's tenant ids cannot contain ',' (Togglz lists them"
                        + " comma-separated); got '" + tenant + "'");
            }
            sorted.add(tenant);
        }
        tenants = Collections.unmodifiableSet(sorted);
    }

    /** {@code percentage}% of tenants on {@code route}, every other call on {@code legacy}. */
    public static Rollout of(Route route, int percentage) {
        return new Rollout(route, percentage, Set.of(), Route.LEGACY);
    }

    /** Only the listed tenants on {@code route}, every other call on {@code legacy}. */
    public static Rollout toTenants(Route route, String... tenants) {
        Objects.requireNonNull(tenants, "tenants");
        return new Rollout(route, 0, Set.copyOf(Arrays.asList(tenants)), Route.LEGACY);
    }

    /** This rollout with {@code tenants} listed in addition to the share. */
    public Rollout withTenants(String... tenants) {
        Objects.requireNonNull(tenants, "tenants");
        return withTenants(Arrays.asList(tenants));
    }

    /** This rollout with {@code tenants} listed in addition to the share. */
    public Rollout withTenants(Collection<String> tenants) {
        Objects.requireNonNull(tenants, "tenants");
        return new Rollout(route, percentage, new TreeSet<>(tenants), otherwise);
    }

    /** This rollout with another share of tenants. */
    public Rollout withPercentage(int percentage) {
        return new Rollout(route, percentage, tenants, otherwise);
    }

    /** This rollout with another route for the calls outside it. */
    public Rollout withOtherwise(Route otherwise) {
        return new Rollout(route, percentage, tenants, otherwise);
    }

    /**
     * How the audit log and messages show it: {@code rollout to postgres for 25% of tenants and [acme], else legacy}, or
     * {@code rollout to postgres for tenants [acme, beta], else legacy} for a list alone.
     */
    @Override
    public String toString() {
        return RolloutText.describe(route.id(), percentage, tenants, otherwise.id());
    }
}
