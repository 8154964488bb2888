package dev.cutover.routing;

import dev.cutover.CutoverException;

/** A repository interface or implementation that cannot be routed, found when Cutover is built. */
public class RepositoryDefinitionException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public RepositoryDefinitionException(String message) {
        super(message);
    }
}
