package dev.cutover.cdc.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a {@link KafkaChangeFeed} is, as of its last poll.
 *
 * @param position        the legacy log position of the last change delivered to the sink ({@code mariadb-bin.000003:1234},
 *                        an LSN), or empty before the first
 * @param lastCommittedAt when the legacy database committed that change, or {@code null} before the first
 * @param eventsBehind    records in the assigned partitions not yet read (end offset minus position, summed), or -1
 *                        while the consumer does not know yet
 * @param partitions      partitions assigned to this feed
 * @param delivered       changes delivered to the sink (and committed) since start
 * @param measuredAt      when these figures were taken
 */
public record KafkaFeedProgress(String position, Instant lastCommittedAt, long eventsBehind, int partitions, long delivered,
        Instant measuredAt) {

    public KafkaFeedProgress {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(measuredAt, "measuredAt");
    }

    /** Before the first poll. */
    public static KafkaFeedProgress notStarted(Instant now) {
        return new KafkaFeedProgress("", null, -1, 0, 0, now);
    }

    /**
     * How far behind the legacy database's commits the feed is at {@code now}: zero when nothing is left to read, else
     * the age of the last change delivered (an estimate from below while changes wait), or {@code null} if unknown.
     */
    public Duration lagAt(Instant now) {
        if (eventsBehind == 0) {
            return Duration.ZERO;
        }
        if (lastCommittedAt == null) {
            return null;
        }
        Duration lag = Duration.between(lastCommittedAt, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}
