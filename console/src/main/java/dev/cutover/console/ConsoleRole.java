package dev.cutover.console;

import java.util.Locale;

/** What a console user may do: every page needs {@link #READ}; a flip, rollout, clear or rollback needs {@link #CHANGE}. */
public enum ConsoleRole {
    /** Sees every page; changes nothing. */
    READ,
    /** Sees every page and changes routes (audited under the user's name). */
    CHANGE;

    /** {@code read} or {@code change}, as the users file spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code id}, case ignored.
     *
     * @throws IllegalArgumentException quoting the value and naming the allowed ones
     */
    public static ConsoleRole parse(String id) {
        for (ConsoleRole role : values()) {
            if (role.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown console role '" + id + "'; allowed: read, change");
    }
}
