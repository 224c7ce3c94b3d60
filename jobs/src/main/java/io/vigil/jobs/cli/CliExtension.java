package io.vigil.jobs.cli;

import picocli.CommandLine;

/**
 * Adds subcommands to {@code vigil} from modules that are not in the deployable jar (the local
 * stack adds {@code demo}, the benchmarks add {@code bench}). Implementations are found with {@link
 * java.util.ServiceLoader}; register one in {@code
 * META-INF/services/io.vigil.jobs.cli.CliExtension}:
 *
 * <pre>{@code
 * public final class DemoExtension implements CliExtension {
 *     public void register(CommandLine vigil) {
 *         vigil.addSubcommand("demo", new DemoCommand());
 *     }
 * }
 * }</pre>
 */
public interface CliExtension {
    void register(CommandLine vigil);
}
