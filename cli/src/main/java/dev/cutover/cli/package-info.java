/**
 * The {@code cutover} command line for operators: {@code status}, {@code flags}, {@code schema-check},
 * {@code backfill}, {@code verify}, {@code reconcile} and {@code quarantine}. {@link dev.cutover.cli.CutoverCli}
 * is the entry point; an application describes itself with a {@link dev.cutover.cli.CutoverApplication}.
 */
package dev.cutover.cli;
