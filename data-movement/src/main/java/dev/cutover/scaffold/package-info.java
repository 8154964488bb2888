/**
 * Scaffold: the Java of a migration generated from the legacy and target catalogs ({@link dev.cutover.scaffold.Scaffold}):
 * for each pair of tables a record, its {@code EntityMapping}, its legacy binding with every rename and declared
 * conversion that can be inferred, and repository skeletons on both backends. What cannot be decided is left as a
 * compile error saying what to choose. See docs/scaffold.md. The engine is in {@code dev.cutover.scaffold.internal},
 * which is not API.
 */
package dev.cutover.scaffold;
