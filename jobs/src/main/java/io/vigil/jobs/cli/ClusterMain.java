package io.vigil.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The entry class {@code vigil submit} gives Flink ({@code POST /jars/{id}/run}): the same command
 * line as {@link VigilCli} ({@code run --config FILE JOB}), but a failure is thrown, never turned
 * into {@link System#exit}. A jar run over REST executes {@code main} inside the JobManager's own
 * JVM, where an exit would stop the JobManager; a thrown exception instead comes back to the caller
 * as the REST error body ("Could not execute application" and its cause).
 */
public final class ClusterMain {
    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        CommandLine vigil = VigilCli.commandLine();
        StringWriter usage = new StringWriter();
        vigil.setErr(new PrintWriter(usage, true));
        Exception[] failure = new Exception[1];
        vigil.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    failure[0] = e;
                    return 1;
                });
        int code = vigil.execute(args);
        if (failure[0] != null) {
            throw failure[0];
        }
        if (code != 0) {
            throw new IllegalArgumentException(
                    "vigil "
                            + String.join(" ", args)
                            + " exited with code "
                            + code
                            + ": "
                            + usage.toString().strip());
        }
    }
}
