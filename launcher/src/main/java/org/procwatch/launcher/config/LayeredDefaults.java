package org.procwatch.launcher.config;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The layers of procwatch's configuration under the command line: an option not given there takes its
 * {@code PROCWATCH_*} environment variable, else its value in the config file, else its own default. So
 * each setting has one definition (the option, with its type, default and description) and one value.
 */
public final class LayeredDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> environment;
    private final ConfigFile file;

    public LayeredDefaults(Map<String, String> environment, ConfigFile file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || !Settings.isSetting(option) || !Settings.isApp(option.command())) {
            return null;
        }
        String key = Settings.key(option);
        String fromEnvironment = environment.get(Settings.environmentVariable(key));
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        return file.value(Settings.commandPath(option.command()), key);
    }
}
