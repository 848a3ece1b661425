package org.procwatch.launcher.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How a command-line option is named in the other layers of configuration: {@code --jdbc-url} is
 * {@code jdbc-url} in a config file and {@code PROCWATCH_JDBC_URL} in the environment.
 */
public final class Settings {

    /** The prefix of every environment variable procwatch reads. */
    public static final String ENV_PREFIX = "PROCWATCH_";

    /** The commands that run procwatch's apps and take their settings from every layer; the tools take only their options. */
    public static final Set<String> APPS = Set.of("run", "setup", "setup-database", "setup-kafka-users", "ingest", "enrich", "sink");

    private Settings() {
    }

    /** Whether a command is one of the apps or under one. */
    public static boolean isApp(CommandSpec command) {
        List<String> path = commandPath(command);
        return !path.isEmpty() && APPS.contains(path.getFirst());
    }

    /** The option's key in a config file: its long name without the dashes, or null when it has none. */
    public static String key(OptionSpec option) {
        String name = option.longestName();
        return name.startsWith("--") ? name.substring(2) : null;
    }

    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Options that are about the command line itself, not settings: help and version. */
    public static boolean isSetting(OptionSpec option) {
        return key(option) != null && !option.usageHelp() && !option.versionHelp() && !"config".equals(key(option));
    }

    /** The setting keys of a command and of every command under it (a key at a section's top applies to them all). */
    public static Set<String> keys(CommandSpec command) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            if (isSetting(option) && isApp(command)) {
                keys.add(key(option));
            }
        }
        for (CommandLine sub : new LinkedHashSet<>(command.subcommands().values())) {
            keys.addAll(keys(sub.getCommandSpec()));
        }
        return keys;
    }

    /** A command's names below the top command, e.g. {@code [ingest, poll]}. */
    public static List<String> commandPath(CommandSpec command) {
        List<String> path = new ArrayList<>();
        for (CommandSpec each = command; each != null && each.parent() != null; each = each.parent()) {
            path.addFirst(each.name());
        }
        return path;
    }
}
