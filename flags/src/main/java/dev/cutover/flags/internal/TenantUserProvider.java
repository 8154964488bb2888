package dev.cutover.flags.internal;

import dev.cutover.routing.Tenant;
import org.togglz.core.user.FeatureUser;
import org.togglz.core.user.SimpleFeatureUser;
import org.togglz.core.user.UserProvider;

/** The current {@link Tenant} as Togglz's user, or none. Stateless. */
final class TenantUserProvider implements UserProvider {

    @Override
    public FeatureUser getCurrentUser() {
        String tenant = Tenant.current();
        return tenant == null ? null : new SimpleFeatureUser(tenant);
    }
}
