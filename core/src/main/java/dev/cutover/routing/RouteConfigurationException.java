package dev.cutover.routing;

import dev.cutover.CutoverException;
import java.util.List;

/**
 * Route configuration that cannot be used: an unknown variable, repository or method, an invalid or
 * unsupported route. Thrown at startup, listing every problem at once, so a typo can never leave
 * traffic on the wrong backend.
 */
public class RouteConfigurationException extends CutoverException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RouteConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as one sentence naming the setting, the value and what is allowed. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid route configuration: " + problems.get(0);
        }
        StringBuilder text = new StringBuilder("Invalid route configuration (" + problems.size() + " problems):");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
