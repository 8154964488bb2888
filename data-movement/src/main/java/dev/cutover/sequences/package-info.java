/**
 * Sequences after a copy: {@link dev.cutover.sequences.Sequences} moves every identity column's sequence and
 * every sequence a column owns ({@code serial}) past the largest value the copied tables hold, so that the
 * application's next insert without an id does not collide with a copied one. Never moves a sequence backwards.
 * docs/data-movement.md ("Sequences") explains it. Types in {@code dev.cutover.sequences.internal} are not API.
 */
package dev.cutover.sequences;
