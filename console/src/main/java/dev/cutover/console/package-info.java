/**
 * The ops console: every repository method's route and where it came from, flips and rollbacks with the checks of
 * {@link dev.cutover.flags.RouteChangeCheck} shown before they are made, the audit log, and the health of the move, as
 * server-rendered pages behind a login.
 *
 * <p>{@link dev.cutover.console.Console} is a servlet ({@link dev.cutover.console.Console#servlet()}): {@code cutover
 * console} serves it with embedded Jetty ({@link dev.cutover.console.ConsoleServer}), and the Spring Boot starter mounts
 * it in the application's own server, behind the application's Spring Security. It reads and writes the tables the
 * command line and the library use, so it works whatever the application's stack. See {@code docs/console.md}.
 */
package dev.cutover.console;
