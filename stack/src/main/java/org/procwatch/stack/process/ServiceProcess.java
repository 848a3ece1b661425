package org.procwatch.stack.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A service of the stack that runs as a {@link ChildProcess}: the life cycle the Kafka broker and the
 * schema registry share (await readiness, stop cleanly, kill as a crash would).
 */
public abstract class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private volatile ChildProcess process;

    protected ServiceProcess(String name) {
        this.name = name;
    }

    /** Records the started process; the service is running from here on. */
    protected final void started(ChildProcess process) {
        this.process = process;
    }

    protected final ChildProcess process() {
        return process;
    }

    /**
     * Polls {@code ready} until it holds, failing with the tail of the service's log when the process dies
     * or {@code timeout} passes.
     */
    protected final void awaitReady(String condition, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            process.checkAlive();
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format("%s did not %s within %d s. Last lines of %s:%n%s",
                        name, condition, timeout.toSeconds(), process.logFile(), process.tail(30)));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name + " to " + condition, e);
            }
        }
    }

    /** Stops the service cleanly (SIGTERM), killing it if it has not stopped after a grace period. */
    public void stop() {
        ChildProcess current = process;
        if (current != null) {
            current.stop(STOP_GRACE);
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would. */
    public void kill() {
        ChildProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    public boolean isRunning() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
