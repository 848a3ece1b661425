package org.procwatch.launcher.bench;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Work run on a thread of its own, such as an ingest, while the caller waits for its effects elsewhere; if
 * the work fails, the caller's next check throws its exception rather than waiting for effects that never come.
 */
final class BackgroundWork {

    /** Something to run that may throw. */
    interface Task {
        void run() throws Exception;
    }

    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    private BackgroundWork(String name, Task task) {
        this.thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                task.run();
            } catch (Exception e) {
                failure.set(e);
            }
        });
    }

    static BackgroundWork start(String name, Task task) {
        BackgroundWork work = new BackgroundWork(name, task);
        work.thread.start();
        return work;
    }

    /** Throws what the work failed with, if it has. */
    void check() throws Exception {
        Exception failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    /** Waits for the work to end, then throws what it failed with, if it did. */
    void join() throws Exception {
        thread.join();
        check();
    }
}
