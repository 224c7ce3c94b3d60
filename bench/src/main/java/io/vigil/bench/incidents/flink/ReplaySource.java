package io.vigil.bench.incidents.flink;

import io.vigil.bench.incidents.IncidentDataset;
import io.vigil.bench.incidents.LineTimes;
import io.vigil.udfs.model.RawMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Replays a dataset's telemetry files as the OTLP messages the jobs read from Kafka: the three
 * files merged by each line's time ({@link LineTimes#replayTime}; on a tie metrics, then traces,
 * then logs), one message per line with its topic set to the signal's file name ({@code metrics},
 * {@code traces}, {@code logs}) and its offset to the line number.
 *
 * <p>Event time is the replay's: each message carries its line's time, and after each line the
 * watermark moves to that time less {@code maxOutOfOrderness}. The watermark depends only on the
 * data, never on the wall clock, so a replay gives the same result however fast it runs. A line
 * without any time goes out at the time of the line before it (the decoder makes it a dead letter).
 */
@SuppressWarnings("deprecation") // the legacy source: a bounded, single-reader replay in one JVM
public final class ReplaySource implements SourceFunction<RawMessage> {
    private static final long serialVersionUID = 1L;

    /** The files by signal (paths as text: the source is serialized), {@code null} if absent. */
    private final String[] files;

    private final long maxOutOfOrdernessMillis;
    private volatile boolean running = true;

    public ReplaySource(IncidentDataset dataset, long maxOutOfOrdernessMillis) {
        IncidentDataset.Signal[] signals = IncidentDataset.Signal.values();
        this.files = new String[signals.length];
        for (IncidentDataset.Signal signal : signals) {
            files[signal.ordinal()] = dataset.file(signal).map(Path::toString).orElse(null);
        }
        this.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
    }

    /** One file's reader with its next line read ahead. */
    private static final class Cursor {
        final IncidentDataset.Signal signal;
        final BufferedReader reader;
        String line;
        long nanos;
        long number;

        Cursor(IncidentDataset.Signal signal, BufferedReader reader) {
            this.signal = signal;
            this.reader = reader;
        }

        boolean advance() throws IOException {
            for (line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    nanos = LineTimes.replayTime(line, signal);
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public void run(SourceContext<RawMessage> ctx) throws Exception {
        List<Cursor> cursors = new ArrayList<>();
        try {
            for (IncidentDataset.Signal signal : IncidentDataset.Signal.values()) {
                String file = files[signal.ordinal()];
                if (file != null) {
                    Cursor c = new Cursor(signal, IncidentDataset.open(Path.of(file)));
                    cursors.add(c);
                    if (!c.advance()) {
                        c.line = null;
                    }
                }
            }
            long lastMillis = Long.MIN_VALUE;
            long watermark = Long.MIN_VALUE;
            while (running) {
                Cursor next = null;
                for (Cursor c : cursors) {
                    if (c.line != null && (next == null || c.nanos < next.nanos)) {
                        next = c; // strict: on a tie the earlier signal wins
                    }
                }
                if (next == null) {
                    break;
                }
                long millis =
                        next.nanos == Long.MAX_VALUE
                                ? lastMillis
                                : Math.max(lastMillis, next.nanos / 1_000_000);
                lastMillis = millis;
                RawMessage message =
                        new RawMessage(
                                next.signal.file(),
                                0,
                                next.number,
                                millis,
                                new byte[0],
                                next.line.getBytes(StandardCharsets.UTF_8));
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collectWithTimestamp(message, millis);
                    if (millis != Long.MIN_VALUE && millis - maxOutOfOrdernessMillis > watermark) {
                        watermark = millis - maxOutOfOrdernessMillis;
                        ctx.emitWatermark(new Watermark(watermark));
                    }
                }
                if (!next.advance()) {
                    next.line = null;
                }
            }
        } finally {
            for (Cursor c : cursors) {
                c.reader.close();
            }
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}
