package dev.cutover.backfill;

/**
 * How a backfill writes next to an application that already writes the target table (dual-write). Both
 * modes insert only rows the target does not have and never change a row that is there: a row written by
 * the application is at least as new as the backfill's copy, and a row that differs is left to verify and
 * reconcile, which copy the legacy row's current state. Neither mode needs an updated-at column.
 */
public enum LiveSafety {
    /**
     * COPY straight into the table. {@code COPY} cannot overwrite: a row already there makes it fail with a
     * unique violation, and only then is the chunk redone through a staging table as in
     * {@link #STAGED_INSERT_MISSING}. As fast as a plain COPY while the target's range is empty, which is most
     * of a backfill. The default.
     */
    COPY_THEN_INSERT_MISSING,
    /**
     * Always COPY into a temporary staging table, then {@code INSERT INTO target SELECT ... FROM stage ON
     * CONFLICT DO NOTHING}: one predictable plan per chunk, for targets that already hold most rows.
     */
    STAGED_INSERT_MISSING
}
