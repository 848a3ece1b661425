package org.procwatch.stack.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every service JVM that procwatch starts: it runs the service's real main class, and
 * exits the JVM (running its shutdown hooks, so the service stops cleanly) as soon as standard input
 * reaches end-of-file. The parent holds the other end of that pipe, so when the parent dies, even by
 * SIGKILL, the operating system closes it and the service follows: no child outlives procwatch.
 *
 * <p>Usage: {@code java -cp ... org.procwatch.stack.process.ParentWatch <main class> [args...]}
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ParentWatch::exitWhenParentGoes, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenParentGoes() {
        try (InputStream stdin = System.in) {
            byte[] buffer = new byte[256];
            while (stdin.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone, as end-of-file does.
        }
        System.err.println("procwatch: parent process is gone; shutting down");
        System.exit(0);
    }
}
