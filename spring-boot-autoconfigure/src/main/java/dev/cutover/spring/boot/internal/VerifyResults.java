package dev.cutover.spring.boot.internal;

import dev.cutover.postgres.PostgresAdapter;
import java.util.List;
import java.util.Map;

/** The latest verify report of each table, when {@code cutover-data-movement} (which writes them) is on the class path. */
public final class VerifyResults {
    private static final boolean AVAILABLE = present("dev.cutover.verify.VerifyReports");

    private VerifyResults() {
    }

    /** The reports, or a note saying why there are none. */
    public static Object latest(PostgresAdapter postgres) {
        if (!AVAILABLE) {
            return Map.of("available", false, "why", "cutover-data-movement is not on the class path;"
                    + " cutover verify keeps its reports in table cutover.verify_reports");
        }
        try {
            List<?> reports = dev.cutover.verify.VerifyReports.latest(postgres);
            return reports;
        } catch (RuntimeException e) {
            return Map.of("available", false, "why", String.valueOf(e.getMessage()));
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, VerifyResults.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
