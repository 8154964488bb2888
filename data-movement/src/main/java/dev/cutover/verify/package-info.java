/** See the module's README section in docs/data-movement.md. */
package dev.cutover.verify;
