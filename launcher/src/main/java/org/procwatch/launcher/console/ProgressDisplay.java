package org.procwatch.launcher.console;

import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.progress.LoggedProgress;

/** How a long ingest shows its progress: a bar for a person at a terminal, log lines for everyone else. */
public final class ProgressDisplay {

    private ProgressDisplay() {
    }

    public static IngestProgress forIngest() {
        return Terminal.interactive() ? new TerminalProgressBar() : new LoggedProgress();
    }
}
