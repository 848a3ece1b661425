package org.procwatch.launcher.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most so many requests served at once. The server runs each request on a virtual thread of its own, so
 * nothing else bounds them: a flood of slow questions (a filter every alert fails, asked of every replica) would
 * take all the memory and CPU. A request that finds no room within the wait is answered 503 with
 * {@code Retry-After}, and those already in hand go on.
 */
final class RequestLimit {

    /** 64 at once, a request waiting up to two seconds: far beyond a dashboard's and a few analysts' use. */
    static final RequestLimit DEFAULT = of(64, Duration.ofSeconds(2));

    private static final String HELD = "procwatch.request-permit";

    private final Semaphore permits;
    private final Duration patience;

    private RequestLimit(int concurrent, Duration patience) {
        this.permits = new Semaphore(concurrent);
        this.patience = patience;
    }

    /**
     * @param concurrent the requests served at once
     * @param patience   how long a request waits for room before it is turned away
     */
    static RequestLimit of(int concurrent, Duration patience) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one request must be served at once, not " + concurrent);
        }
        return new RequestLimit(concurrent, patience);
    }

    /** Before a request: takes room, or turns it away. */
    void enter(Context ctx) throws InterruptedException {
        if (!permits.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            ctx.header("Retry-After", "1");
            throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(), "busy: too many requests at once; ask again shortly");
        }
        ctx.attribute(HELD, Boolean.TRUE);
    }

    /** After a request, however it ended: gives back the room it took, if it took any. */
    void leave(Context ctx) {
        if (ctx.attribute(HELD) != null) {
            ctx.attribute(HELD, null);
            permits.release();
        }
    }
}
