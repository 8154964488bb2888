/**
 * What a running instance can report about itself: {@link dev.cutover.status.StatusContributor}, implemented by
 * the resilience and dual-write components and read by the instance status reports (module cutover-status-reports).
 */
package dev.cutover.status;
