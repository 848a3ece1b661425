package org.procwatch.launcher.console;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: standard error is an interactive terminal. */
public final class Terminal {

    /** Set by the {@code procwatch} script, which can ask the shell whether standard error is a terminal. */
    static final String PROPERTY = "procwatch.terminal";

    private Terminal() {
    }

    public static boolean interactive() {
        String told = System.getProperty(PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From Java 22 a console exists even when output is redirected; Console.isTerminal() tells them apart.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException onJava21) {
            return true;
        }
    }
}
