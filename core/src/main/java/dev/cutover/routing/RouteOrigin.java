package dev.cutover.routing;

/** Which rule decided a method's route, in order of precedence. */
public enum RouteOrigin {
    /** The emergency override that forces every method to one route. */
    OVERRIDE,
    /** A setting for this one method. */
    METHOD,
    /** A setting for every method of the repository. */
    REPOSITORY,
    /** The default route, when nothing more specific is set. */
    DEFAULT
}
