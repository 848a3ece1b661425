package org.procwatch.stack.process;

import org.procwatch.stack.files.PrivateFolders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service process that procwatch starts and owns: in its own session, so Ctrl-C on the terminal reaches
 * only procwatch, which then stops its services in order; with its output in a log file; and tied to the
 * parent through its standard input (see {@link ParentWatch}), so it never outlives procwatch.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final boolean HAS_SETSID = new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute();

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command}, appending its output to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile) throws IOException {
        PrivateFolders.create(logFile.getParent());
        List<String> full = new ArrayList<>();
        if (HAS_SETSID) {
            full.add("setsid");
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        log.debug("Started {} as pid {}: {}", name, process.pid(), full);
        return new ChildProcess(name, process, logFile);
    }

    /** A JVM running {@code mainClass} under {@link ParentWatch}, with this JVM's java binary. */
    public static List<String> javaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(ParentWatch.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Fails with the tail of the log when the process has died, e.g. while waiting for it to get ready. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(String.format("%s exited with code %d during start-up. Last lines of %s:%n%s",
                    name, process.exitValue(), logFile, tail(30)));
        }
    }

    /** The last lines of the process's log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Waits for the process to end by itself and returns its exit code; kills it past the timeout. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    /** Asks the process to stop (SIGTERM) and waits; kills it when it does not stop in time. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, grace.toSeconds());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
