package dev.cutover.flags;

import dev.cutover.CutoverException;
import java.util.List;
import java.util.Objects;

/**
 * A route change refused because {@link RouteChangeCheck} found that it can lose a write or serve stale reads; nothing
 * was written or audited. {@link #findings()} lists each method with the reason and the safe order; to make the change
 * anyway, knowingly, make it through {@link RouteFlags#forced()}, which records the findings in the audit.
 */
public class RouteChangeRefusedException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final transient List<RouteFinding> findings;

    public RouteChangeRefusedException(String target, List<RouteFinding> findings) {
        super(message(target, findings));
        this.target = Objects.requireNonNull(target, "target");
        this.findings = List.copyOf(findings);
    }

    /** The target whose change was refused. */
    public String target() {
        return target;
    }

    /** What the checks found, one per method and problem; never empty. */
    public List<RouteFinding> findings() {
        return findings;
    }

    private static String message(String target, List<RouteFinding> findings) {
        StringBuilder text = new StringBuilder("Refused: the change of ").append(target)
                .append(" can lose writes or serve stale reads (docs/runbook.md, Emergency rollback); nothing written. ");
        if (findings.size() > 1) {
            text.append(findings.size()).append(" findings: ");
        }
        for (int i = 0; i < findings.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(findings.get(i).message());
        }
        return text.append(". To make it anyway, knowingly: LiveRoutes.forced(), which records these findings in the audit")
                .toString();
    }
}
