package org.procwatch.launcher.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}, for the apps' commands. It is read before the command line is parsed, since its
 * values are the defaults of the other options ({@link LayeredDefaults}); the option is declared here so that
 * help lists it and the parser accepts it.
 */
public final class ConfigOption {

    private static final String NAME = "--config";

    @Option(names = NAME, paramLabel = "FILE",
            description = "A config file (YAML): settings by their option names, e.g. 'bootstrap-servers: kafka:9092', at the top or "
                    + "in a section per command. Environment variables (PROCWATCH_<NAME>) override it, options override both "
                    + ".")
    Path file;

    /** The config file an invocation names, by {@code --config} or {@code PROCWATCH_CONFIG}, or null. */
    public static Path in(List<String> args, Map<String, String> environment) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(NAME) && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (args.get(i).startsWith(NAME + "=")) {
                return Path.of(args.get(i).substring(NAME.length() + 1));
            }
        }
        String fromEnvironment = environment.get(Settings.ENV_PREFIX + "CONFIG");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }
}
