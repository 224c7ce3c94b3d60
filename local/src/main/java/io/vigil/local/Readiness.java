package io.vigil.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it until a deadline: how every part of the local stack waits for
 * readiness instead of sleeping a guessed amount of time.
 */
public final class Readiness {

    /** A readiness check; exceptions count as "not ready yet" and the last one is reported. */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    /**
     * Whether {@code GET url} answers 200 within 2 s: the probe of the Prometheus family's {@code
     * /-/ready} (Prometheus, Alertmanager).
     */
    public static boolean answers200(String url) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /**
     * Polls {@code probe} every {@code interval} until it returns true.
     *
     * @param what what is awaited, for the error message ("Kafka broker on 127.0.0.1:9092")
     * @param timeout the deadline, measured from the call
     * @param interval pause between two probes (the probe's own duration comes on top)
     * @param abort checked before each probe; a present value ends the wait at once with that
     *     reason (e.g. "the process exited with code 1")
     * @throws IOException on timeout or abort; the message names {@code what}, the reason and the
     *     last exception the probe threw
     */
    public static void await(
            String what,
            Duration timeout,
            Duration interval,
            Probe probe,
            Supplier<Optional<String>> abort)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            Optional<String> reason = abort.get();
            if (reason.isPresent()) {
                throw failure(what, reason.get(), last);
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + what);
            } catch (Exception e) {
                last = e;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure(what, "not ready after " + timeout.toMillis() + " ms", last);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), remaining / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + what);
            }
        }
    }

    private static IOException failure(String what, String reason, Exception last) {
        String message =
                what + ": " + reason + (last == null ? "" : " (last probe error: " + last + ")");
        IOException e = new IOException(message);
        if (last != null) {
            e.addSuppressed(last);
        }
        return e;
    }
}
