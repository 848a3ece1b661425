package org.procwatch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One procwatch stage as a process of its own, as compose runs it: started, killed with SIGKILL as a crash
 * would, and started again by {@link #superviseIfExited()} when it ended on its own, as a restart policy
 * would. Its output goes to a log file that a failing test shows.
 */
public final class StageProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final boolean runsForever;
    private Process process;
    private int unexpectedExits;

    /**
     * @param runsForever false for a stage that ends when its work is done (ingest files): ending with exit
     *                    code 0 is then no failure
     */
    public StageProcess(String name, List<String> command, Path logDir, boolean runsForever) {
        this.name = name;
        this.command = command;
        this.log = logDir.resolve(name + ".log");
        this.runsForever = runsForever;
    }

    public void start() throws IOException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** kill -9, then a start again once it is gone. */
    public void crashAndRestart() throws IOException, InterruptedException {
        killHard();
        Files.writeString(log, "\n----- killed with SIGKILL by the test; started again -----\n", StandardOpenOption.APPEND);
        start();
    }

    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the stage again if it ended without being asked to; says whether it did. */
    public boolean superviseIfExited() throws IOException {
        if (process.isAlive() || !runsForever && process.exitValue() == 0) {
            return false;
        }
        unexpectedExits++;
        Files.writeString(log, "\n----- exited with " + process.exitValue() + "; restarted by the test -----\n",
                StandardOpenOption.APPEND);
        start();
        return true;
    }

    public int unexpectedExits() {
        return unexpectedExits;
    }

    public String name() {
        return name;
    }

    /** The end of its log, for a failure message. */
    public String logTail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return "----- " + name + " -----\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
