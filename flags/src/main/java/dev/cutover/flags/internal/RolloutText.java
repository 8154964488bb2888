package dev.cutover.flags.internal;

import java.util.Collection;

/** How rollouts are written in the audit log, messages and the route table. */
public final class RolloutText {

    private RolloutText() {
    }

    /**
     * In full, for the audit log: {@code rollout to postgres for 25% of tenants and [acme], else legacy},
     * {@code rollout to postgres for tenants [acme, beta], else legacy} for a list alone.
     */
    public static String describe(String route, Integer percentage, Collection<String> tenants, String otherwise) {
        StringBuilder text = new StringBuilder("rollout to ").append(route).append(" for ");
        if ((percentage == null || percentage == 0) && !tenants.isEmpty()) {
            text.append("tenants ").append(tenants);
        } else {
            text.append(percentage).append("% of tenants");
            if (!tenants.isEmpty()) {
                text.append(" and ").append(tenants);
            }
        }
        return text.append(", else ").append(otherwise).toString();
    }

    /**
     * Short, for the route table, where a list may be long: {@code rollout to postgres for 25% of tenants
     * and 2 listed, else legacy}, {@code rollout to postgres for 1 listed tenant, else legacy}.
     */
    static String summarize(String route, int percentage, int listed, String otherwise) {
        StringBuilder text = new StringBuilder("rollout to ").append(route).append(" for ");
        if (percentage == 0 && listed > 0) {
            text.append(listed).append(listed == 1 ? " listed tenant" : " listed tenants");
        } else {
            text.append(percentage).append("% of tenants");
            if (listed > 0) {
                text.append(" and ").append(listed).append(" listed");
            }
        }
        return text.append(", else ").append(otherwise).toString();
    }
}
