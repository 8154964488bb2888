/**
 * Change data capture: every write to the legacy database reaches PostgreSQL, whoever made it (other services, cron
 * jobs, admin consoles, triggers). A feed follows the legacy database's log and hands the keys each change touched to
 * the outbox as legacy-primary entries; the reconciler then copies legacy's current row, or deletes where legacy has
 * none, exactly as for the application's own dual writes. Values in the log are never used. See docs/cdc.md.
 */
package dev.cutover.cdc;
