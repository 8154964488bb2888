package dev.cutover.cli.internal.commands;

import dev.cutover.cli.CutoverCli;
import dev.cutover.cli.internal.Session;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of every subcommand: access to the root's session and streams; {@link #call()} returns the exit status. */
public abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    protected final CutoverCli cli() {
        return (CutoverCli) spec.root().userObject();
    }

    protected final Session session() {
        return cli().session();
    }

    protected final PrintWriter out() {
        return cli().out();
    }

    protected final PrintWriter err() {
        return cli().err();
    }
}
