/**
 * What Cutover needs from a backend adapter ({@link dev.cutover.backend.BackendAdapter}) and the settings every
 * backend's pool shares ({@link dev.cutover.backend.ConnectionSettings}). URLs and driver exceptions are
 * {@link dev.cutover.jdbc}'s; schema problems are {@link dev.cutover.schema}'s.
 */
package dev.cutover.backend;
