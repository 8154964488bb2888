/**
 * The router's extension points, for Cutover's own feature modules (dual-write, shadow reads, resilience,
 * metrics) and for applications that need another policy. A call goes: route handler (per route and
 * method kind) -> backend-call decorators (per backend call) -> the implementation.
 */
package dev.cutover.routing.spi;
