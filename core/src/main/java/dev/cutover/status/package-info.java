/**
 * What a running instance can report about itself: {@link dev.cutover.status.StatusContributor}, implemented by
 * the resilience and dual-write components and read by the flags module's instance status reports.
 */
package dev.cutover.status;
