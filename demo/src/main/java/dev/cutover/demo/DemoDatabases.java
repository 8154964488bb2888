package dev.cutover.demo;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The names of the demo's two databases, {@value #DEFAULT_LEGACY} and {@value #DEFAULT_TARGET} unless the system
 * properties {@value #LEGACY_PROPERTY} and {@value #TARGET_PROPERTY} name others: two people running the demo on one
 * server each take their own.
 */
record DemoDatabases(String legacy, String target) {
    static final String LEGACY_PROPERTY = "cutover.demo.legacy-database";
    static final String TARGET_PROPERTY = "cutover.demo.target-database";
    static final String DEFAULT_LEGACY = "cutover_demo_legacy";
    static final String DEFAULT_TARGET = "cutover_demo_target";
    /** Unquoted PostgreSQL identifiers only: the names go into CREATE and DROP DATABASE as they are. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final DemoDatabases DEFAULT = new DemoDatabases(DEFAULT_LEGACY, DEFAULT_TARGET);

    DemoDatabases {
        check(LEGACY_PROPERTY, legacy);
        check(TARGET_PROPERTY, target);
        if (legacy.equals(target)) {
            throw new IllegalArgumentException(LEGACY_PROPERTY + " and " + TARGET_PROPERTY + " both name database '" + legacy
                    + "'; the legacy and the target database must differ");
        }
    }

    /** The names the properties give, e.g. {@code System::getProperty}, the defaults for those not set. */
    static DemoDatabases from(UnaryOperator<String> properties) {
        String legacy = properties.apply(LEGACY_PROPERTY);
        String target = properties.apply(TARGET_PROPERTY);
        return new DemoDatabases(legacy == null ? DEFAULT_LEGACY : legacy, target == null ? DEFAULT_TARGET : target);
    }

    private static void check(String property, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(property + "='" + name + "' is not a database name the demo can use; expected"
                    + " lower-case letters, digits and _, not starting with a digit, at most 63 characters, e.g. -D"
                    + property + "=alice_" + (property.equals(LEGACY_PROPERTY) ? DEFAULT_LEGACY : DEFAULT_TARGET));
        }
    }
}
