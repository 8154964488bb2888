package dev.cutover.routing;

/** Whether a repository method reads or writes. Decides what a dual route does with it. */
public enum MethodKind {
    READ,
    WRITE
}
