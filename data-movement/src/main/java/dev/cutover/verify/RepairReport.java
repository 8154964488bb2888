package dev.cutover.verify;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.Backend;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Verifier#repair} did: the verification's report, and the keys it queued in the primary's outbox for the
 * reconciler, per kind of difference. Rows the verification found unreadable are not queued ({@link #notRepairable()}).
 * Immutable.
 *
 * @param verify            the verification, as {@link Verifier#verify()} reports it
 * @param primary           the backend whose rows the reconciler copies (the outbox's primary)
 * @param outbox            where the keys were queued: {@code table cutover.outbox (PostgreSQL)}
 * @param queuedMissing     keys of rows missing in PostgreSQL queued
 * @param queuedExtra       keys of rows extra in PostgreSQL queued
 * @param queuedDifferent   keys of rows different on both sides queued
 * @param batches           outbox transactions that recorded them, of up to {@value #BATCH} keys each
 * @param notQueued         keys found but not queued because the outbox failed ({@link #failure()})
 * @param unreadable        rows not repairable (all of them, listed or not): a side cannot read them, or their key is not a
 *                          value of the mapping's key type
 * @param notRepairable     those rows as listed (the verification's unreadable rows, then up to {@value #BATCH} whose key
 *                          the mapping cannot hold), each with its side and reason
 * @param failure           why recording keys in the outbox failed, or {@code null}
 */
public record RepairReport(VerifyReport verify, Backend primary, String outbox, long queuedMissing, long queuedExtra,
        long queuedDifferent, long batches, long notQueued, long unreadable, List<RowMismatch> notRepairable,
        String failure) {

    /** Keys recorded per outbox transaction. */
    public static final int BATCH = 1_000;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public RepairReport {
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(outbox, "outbox");
        notRepairable = List.copyOf(notRepairable);
    }

    /** Keys queued in all. */
    public long queued() {
        return queuedMissing + queuedExtra + queuedDifferent;
    }

    /** The backend that receives the primary's rows. */
    public Backend secondary() {
        return primary == Backend.LEGACY ? Backend.POSTGRES : Backend.LEGACY;
    }

    /**
     * For scripts: the verification's (0 equal, 1 differences or unreadable rows, 2 could not verify), or 2 if keys
     * could not be queued.
     */
    public int exitCode() {
        return failure != null ? 2 : verify.exitCode();
    }

    /** The verification's report, then what was queued and what was not repairable. */
    public String toText() {
        StringBuilder text = new StringBuilder(verify.toText()).append('\n');
        text.append("  repair: queued ").append(queued()).append(queued() == 1 ? " key" : " keys")
                .append(" (missing ").append(queuedMissing).append(", extra ").append(queuedExtra).append(", different ")
                .append(queuedDifferent).append(") in ").append(outbox).append(": the reconciler copies ")
                .append(primary.id()).append("'s row of each to ").append(secondary().id()).append(", or deletes ")
                .append(secondary().id()).append("'s where ").append(primary.id()).append(" has none");
        if (failure != null) {
            text.append("\n  repair stopped: ").append(failure).append("; ").append(notQueued)
                    .append(notQueued == 1 ? " key" : " keys").append(" not queued: run it again");
        }
        if (unreadable > 0) {
            text.append("\n  not repairable: ").append(unreadable).append(unreadable == 1 ? " row" : " rows")
                    .append(" a side cannot read (its value or key is not what the mapping reads, so no copy could"
                            + " carry it): fix it on that side, then verify again");
            notRepairable.forEach(m -> text.append("\n    ").append(m));
        }
        return text.toString();
    }

    /** The verification's JSON object with a {@code repair} object added, and {@link #exitCode()}. */
    public String toJson() {
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(verify.toJson());
            tree.remove("exitCode");
            ObjectNode repair = tree.putObject("repair");
            repair.put("primary", primary.id());
            repair.put("secondary", secondary().id());
            repair.put("outbox", outbox);
            repair.put("queued", queued());
            repair.put("queuedMissing", queuedMissing);
            repair.put("queuedExtra", queuedExtra);
            repair.put("queuedDifferent", queuedDifferent);
            repair.put("batches", batches);
            repair.put("notQueued", notQueued);
            repair.put("notRepairable", unreadable);
            ArrayNode rows = repair.putArray("notRepairableRows"); // the same rows as "mismatches" lists, for reading alone
            for (RowMismatch row : notRepairable) {
                ObjectNode node = rows.addObject();
                node.put("key", row.describeKey());
                node.put("side", row.side().id());
                node.put("column", row.column());
                node.put("reason", row.reason());
            }
            repair.put("failure", failure);
            tree.put("exitCode", exitCode());
            return MAPPER.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The repair report could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return toText();
    }
}
