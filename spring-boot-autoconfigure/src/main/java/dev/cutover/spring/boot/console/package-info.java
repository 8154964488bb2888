/**
 * The ops console mounted in the application by the starter ({@code cutover.console.enabled=true}), behind the
 * application's Spring Security: see {@code docs/console.md}.
 */
package dev.cutover.spring.boot.console;
