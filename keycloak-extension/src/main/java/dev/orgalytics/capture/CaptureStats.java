package dev.orgalytics.capture;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the capture path, for logs and the metrics this extension publishes. */
public final class CaptureStats {

    /** Events handed to the writer after their transaction committed. */
    public final AtomicLong queued = new AtomicLong();
    /** Events stored. */
    public final AtomicLong stored = new AtomicLong();
    /** Events lost because storing them failed after every retry. */
    public final AtomicLong failed = new AtomicLong();
    /** Events dropped because the queue was full (the database could not keep up). */
    public final AtomicLong dropped = new AtomicLong();
}
