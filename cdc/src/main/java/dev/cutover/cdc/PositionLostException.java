package dev.cutover.cdc;

/**
 * The feed's stored position is no longer in the legacy database's log (the binlog file was purged, the replication
 * slot was dropped): changes made since then cannot be read, and the feed refuses to start over silently. The message
 * names the fix: a catch-up backfill pass or {@code cutover verify --repair}, then a fresh start of the feed.
 */
public class PositionLostException extends ChangeFeedException {
    private static final long serialVersionUID = 1L;

    public PositionLostException(String message) {
        super(message);
    }

    public PositionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
