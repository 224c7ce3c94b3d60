package io.vigil.local;

import io.vigil.local.IncidentScenario.Fault;
import io.vigil.local.IncidentScenario.Window;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The scenarios {@code vigil generate} knows. Each one runs an hour by default: 40 quiet minutes
 * first (the anomaly detectors need history), then its fault(s) of 3–6 minutes, then at least 14
 * quiet minutes to see the recovery; {@code quiet} runs three hours with no fault and {@code
 * back-to-back} 90 minutes with three. The two exhaustion scenarios ({@link #exhaustion()}) are for
 * forecasting: after the same 40 minutes a resource fills steadily for 150 minutes, then 20 quiet
 * minutes; they are left out of the incidents benchmark.
 *
 * <p>The shop's call graph: {@code frontend → checkout → {cache, payment → database, shipping (via
 * the orders queue)}}. Every pair of services is connected through {@code checkout}; {@code
 * database} and {@code shipping} are the least connected pair (three calls apart, and shipping is
 * asynchronous), so {@code two-faults} uses them.
 */
public final class IncidentScenarios {

    /** Default length of a scenario with one fault. */
    public static final Duration HOUR = Duration.ofMinutes(60);

    /** Quiet lead-in of every scenario before its first fault, minutes. */
    public static final double LEAD_IN_MINUTES = 40;

    private static final double AT = LEAD_IN_MINUTES;

    /** Length of the slow fault of an exhaustion scenario, minutes. */
    private static final double EXHAUSTION_MINUTES = 150;

    /** Default length of an exhaustion scenario: lead-in, the 150-min fault, 20 quiet minutes. */
    public static final Duration EXHAUSTION_DURATION = Duration.ofMinutes(210);

    private static final String EXHAUSTION_NOTES =
            "A slow exhaustion for forecasters and predictive alerts: the resource climbs for"
                    + " hours, and the instants its trend crosses 0.80, 0.90 and full (the table"
                    + " below, also `exhaustion` in `faults.jsonl`) are the truth a predicted"
                    + " time-to-breach is checked against: an alert meant to come 15 minutes"
                    + " ahead of 0.90 must fire by the 0.90 instant minus 15 min. Not part of the"
                    + " incidents benchmark: the fault's window is hours long, so its detection"
                    + " delay says little.";

    private static final List<IncidentScenario> ALL =
            List.of(
                    one(
                            "cpu-saturation",
                            "payment's host CPU saturated for 5 min; payment slower",
                            new Fault(
                                    "payment",
                                    IncidentKind.CPU_SATURATION,
                                    "cpu_saturation",
                                    "A runaway batch job saturates payment's host CPU.",
                                    "system.cpu.utilization of payment at 0.93–0.98; payment's own"
                                            + " processing 1.8× slower, so its server spans, its"
                                            + " database calls and checkout's and frontend's"
                                            + " latency grow by a few ms.",
                                    List.of(Window.minutes(AT, 5)))),
                    one(
                            "memory-leak",
                            "shipping leaks memory for 6 min (GC slows it), restarted at the end",
                            new Fault(
                                    "shipping",
                                    IncidentKind.MEMORY_LEAK,
                                    "memory_leak",
                                    "shipping leaks memory (an unbounded cache of rate quotes)"
                                            + " until it is restarted.",
                                    "system.memory.usage of shipping climbs steadily by 90 % of its"
                                            + " base and drops back at the restart; in the second"
                                            + " half garbage collection adds up to 25 CPU points"
                                            + " and makes shipping's consumer spans up to 2×"
                                            + " longer. Nothing upstream changes (the queue"
                                            + " decouples it).",
                                    List.of(Window.minutes(AT, 6)))),
                    one(
                            "latency-regression",
                            "payment's database writes ~6× slower for 4 min",
                            new Fault(
                                    "payment",
                                    IncidentKind.LATENCY_REGRESSION,
                                    "latency_regression",
                                    "A schema migration leaves payment's INSERT into payments"
                                            + " waiting on locks.",
                                    "payment's INSERT client spans about 6× longer, with"
                                            + " slow-query warnings in payment's logs; payment,"
                                            + " checkout and frontend latency up by ~17 ms; no"
                                            + " CPU change anywhere.",
                                    List.of(Window.minutes(AT, 4)))),
                    one(
                            "error-burst",
                            "checkout fails ~35 % of orders (HTTP 500) for 3 min",
                            new Fault(
                                    "checkout",
                                    IncidentKind.ERROR_BURST,
                                    "error_burst",
                                    "checkout's order worker pool is exhausted.",
                                    "checkout server spans with status ERROR and a"
                                            + " RejectedExecutionException event, ERROR logs with"
                                            + " exception.* attributes; frontend answers 502 for"
                                            + " those requests.",
                                    List.of(Window.minutes(AT, 3)))),
                    one(
                            "bad-deploy",
                            "checkout 2.5.0 deployed, errors until rolled back 5 min later",
                            new Fault(
                                    "checkout",
                                    IncidentKind.DEPLOY_ERRORS,
                                    "deploy",
                                    "checkout 2.5.0 is deployed and throws NullPointerException on"
                                            + " a quarter of orders until it is rolled back to"
                                            + " 2.4.0.",
                                    "At the start a new checkout instance (new service.instance.id,"
                                            + " service.version 2.5.0 in the resource) and a"
                                            + " 'Deployment finished' log; then ~25 % of checkout"
                                            + " spans fail with NullPointerException, frontend"
                                            + " 502s; at the end a 'Rollback finished' log and"
                                            + " version 2.4.0 again.",
                                    List.of(Window.minutes(AT, 5)))),
                    one(
                            "disk-filling",
                            "database's data volume fills up over 6 min; writes fail near the end",
                            new Fault(
                                    "database",
                                    IncidentKind.DISK_FILLING,
                                    "disk_filling",
                                    "WAL archiving is stuck and the database's data volume fills"
                                            + " up; it is cleaned up at the end.",
                                    "system.filesystem.utilization of /var/lib/postgresql climbs"
                                            + " from 0.55 to 0.985, with disk warnings in the"
                                            + " database's logs past 90 %; in the last 20 % of the"
                                            + " fault 30 % of payment's writes fail with 'No space"
                                            + " left on device' (payment 500, checkout and"
                                            + " frontend 502).",
                                    List.of(Window.minutes(AT, 6)))),
                    one(
                            "network-delay",
                            "packets leaving checkout delayed 20–30 ms for 5 min",
                            new Fault(
                                    "checkout",
                                    IncidentKind.NETWORK_DELAY,
                                    "network_delay",
                                    "A faulty network policy delays every packet leaving checkout's"
                                            + " host by 20–30 ms.",
                                    "frontend's client spans to checkout ~100 ms longer; checkout's"
                                            + " server latency ~75 ms up (its calls to cache,"
                                            + " payment and the queue wait); payment's latency and"
                                            + " every host's CPU unchanged.",
                                    List.of(Window.minutes(AT, 5)))),
                    one(
                            "dependency-down",
                            "cache (Redis) refuses connections for 4 min; checkout fails orders",
                            new Fault(
                                    "cache",
                                    IncidentKind.DEPENDENCY_DOWN,
                                    "dependency_down",
                                    "The cache's Redis process is down and refuses connections.",
                                    "checkout's GET client spans to cache fail at once"
                                            + " (JedisConnectionException: Connection refused);"
                                            + " checkout fails 70 % of orders with HTTP 503 and"
                                            + " warns on the rest; frontend 502s; the cache host's"
                                            + " CPU and memory drop to idle. The cache has no spans"
                                            + " of its own.",
                                    List.of(Window.minutes(AT, 4)))),
                    one(
                            "cascade",
                            "database CPU saturated for 5 min; payment, checkout, frontend slower",
                            new Fault(
                                    "database",
                                    IncidentKind.CPU_SATURATION,
                                    "cpu_saturation",
                                    "A runaway analytics query saturates the database's CPU; every"
                                            + " query is about 8× slower.",
                                    "database CPU at 0.93–0.98; payment's INSERT client spans ~8×"
                                            + " longer (slow-query warnings); payment, checkout and"
                                            + " frontend all ~25 ms slower: the root cause is three"
                                            + " calls below the frontend, and has no spans of its"
                                            + " own.",
                                    List.of(Window.minutes(AT, 5)))),
                    new IncidentScenario(
                            "two-faults",
                            "database CPU saturated and shipping failing orders, overlapping",
                            HOUR,
                            List.of(
                                    new Fault(
                                            "database",
                                            IncidentKind.CPU_SATURATION,
                                            "cpu_saturation",
                                            "A runaway analytics query saturates the database's"
                                                    + " CPU; every query is about 8× slower.",
                                            "database CPU at 0.93–0.98; payment's INSERT spans ~8×"
                                                    + " longer; payment, checkout and frontend"
                                                    + " ~25 ms slower.",
                                            List.of(Window.minutes(AT, 5))),
                                    new Fault(
                                            "shipping",
                                            IncidentKind.ERROR_BURST,
                                            "error_burst",
                                            "A bad address-validation rule in shipping rejects"
                                                    + " about a third of orders.",
                                            "shipping's consumer spans fail (status ERROR,"
                                                    + " IllegalArgumentException event) with ERROR"
                                                    + " logs; nothing upstream sees it (the queue"
                                                    + " is asynchronous).",
                                            List.of(Window.minutes(AT + 0.5, 4)))),
                            "The two faults overlap in time on services that share no call:"
                                    + " database ← payment ← checkout → shipping, three calls"
                                    + " apart, and checkout → shipping goes through a queue. No"
                                    + " pair of services in this shop is connected only through"
                                    + " frontend (every pair is connected through checkout), so"
                                    + " this is the least connected pair."),
                    new IncidentScenario(
                            "flapping",
                            "database refuses connections 4 times for 45 s, every ~1.5 min",
                            HOUR,
                            List.of(
                                    new Fault(
                                            "database",
                                            IncidentKind.DEPENDENCY_DOWN,
                                            "dependency_down",
                                            "The database's primary is in a crash loop: four times"
                                                    + " it refuses connections for 45 s, with 55,"
                                                    + " 45 and 55 s of service in between.",
                                            "In each window every payment write fails at once"
                                                    + " (PSQLException: Connection refused),"
                                                    + " payment 500, checkout and frontend 502, and"
                                                    + " the database host goes idle; normal in"
                                                    + " between. One labelled fault from the first"
                                                    + " window's start to the last one's end.",
                                            List.of(
                                                    Window.minutes(AT, 0.75),
                                                    Window.minutes(AT + 100 / 60.0, 0.75),
                                                    Window.minutes(AT + 190 / 60.0, 0.75),
                                                    Window.minutes(AT + 290 / 60.0, 0.75)))),
                            "One fault, labelled once from the first outage's start to the last"
                                    + " one's end: a correlator should keep it one incident rather"
                                    + " than open one per outage."),
                    new IncidentScenario(
                            "quiet",
                            "three hours of normal traffic, no fault (faults.jsonl empty)",
                            Duration.ofHours(3),
                            List.of(),
                            "Measures false incidents: anything opened here is one. The traffic"
                                    + " has its usual noise: 0.15 % of checkout and 0.2 % of"
                                    + " payment requests fail, latencies are log-normal."),
                    one(
                            "cache-latency",
                            "packets leaving the cache delayed 20–30 ms for 5 min",
                            new Fault(
                                    "cache",
                                    IncidentKind.NETWORK_DELAY,
                                    "network_delay",
                                    "A noisy neighbour on the cache's host delays every packet it"
                                            + " sends by 20–30 ms.",
                                    "checkout's GET client spans to cache ~25 ms longer, checkout"
                                            + " and frontend latency with them; the cache has no"
                                            + " spans of its own and no host metric changes.",
                                    List.of(Window.minutes(AT, 5)))),
                    new IncidentScenario(
                            "back-to-back",
                            "three faults 15 min apart in 90 min: errors, slow writes, cache down",
                            Duration.ofMinutes(90),
                            List.of(
                                    new Fault(
                                            "checkout",
                                            IncidentKind.ERROR_BURST,
                                            "error_burst",
                                            "checkout's order worker pool is exhausted.",
                                            "checkout server spans fail with HTTP 500"
                                                    + " (RejectedExecutionException), ERROR logs,"
                                                    + " frontend 502s.",
                                            List.of(Window.minutes(AT, 3))),
                                    new Fault(
                                            "payment",
                                            IncidentKind.LATENCY_REGRESSION,
                                            "latency_regression",
                                            "A schema migration leaves payment's INSERT waiting on"
                                                    + " locks.",
                                            "payment's INSERT spans ~6× longer with slow-query"
                                                    + " warnings; payment, checkout and frontend"
                                                    + " slower.",
                                            List.of(Window.minutes(AT + 15, 4))),
                                    new Fault(
                                            "cache",
                                            IncidentKind.DEPENDENCY_DOWN,
                                            "dependency_down",
                                            "The cache's Redis process is down.",
                                            "checkout's GET spans to cache fail (connection"
                                                    + " refused), checkout fails 70 % of orders"
                                                    + " with 503, cache host idle.",
                                            List.of(Window.minutes(AT + 30, 4)))),
                            "Earlier faults stay in the history of later ones, 15 minutes"
                                    + " apart: each fault's incident should open on its own."),
                    new IncidentScenario(
                            "disk-exhaustion",
                            "database's data volume fills in 2.5 h, 0.90 after 2 h 5 min"
                                    + " (forecasting)",
                            EXHAUSTION_DURATION,
                            List.of(
                                    new Fault(
                                            "database",
                                            IncidentKind.DISK_FILLING,
                                            "disk_filling",
                                            "A runaway audit log slowly fills the database's data"
                                                    + " volume; it is cleaned up once full.",
                                            "system.filesystem.utilization of"
                                                    + " /var/lib/postgresql climbs steadily from"
                                                    + " 0.55 to 0.985 over 150 min (base + 0.435 ×"
                                                    + " progress^1.2, σ 0.001), with disk warnings"
                                                    + " in the database's logs past 90 %; in the"
                                                    + " last 30 min (the fault's last 20 %) 30 % of"
                                                    + " payment's writes fail with 'No space left"
                                                    + " on device'; back at 0.55 at the end.",
                                            List.of(Window.minutes(AT, EXHAUSTION_MINUTES)))),
                            EXHAUSTION_NOTES),
                    new IncidentScenario(
                            "memory-exhaustion",
                            "shipping leaks memory for 2.5 h until OOM-killed (forecasting)",
                            EXHAUSTION_DURATION,
                            List.of(
                                    new Fault(
                                            "shipping",
                                            IncidentKind.MEMORY_EXHAUSTION,
                                            "memory_leak",
                                            "shipping leaks memory (rate quotes cached without"
                                                    + " eviction) until its host's memory is full"
                                                    + " and it is OOM-killed.",
                                            "system.memory.utilization of shipping climbs"
                                                    + " steadily from 0.50 to 1.0 over 150 min"
                                                    + " (system.memory.usage from 384 MiB to the"
                                                    + " 768 MiB of system.memory.limit); in the"
                                                    + " second half garbage collection adds up to"
                                                    + " 25 CPU points and makes shipping's consumer"
                                                    + " spans up to 2× longer; at the kill memory"
                                                    + " drops back to 0.50. Nothing upstream"
                                                    + " changes (the queue decouples it).",
                                            List.of(Window.minutes(AT, EXHAUSTION_MINUTES)))),
                            EXHAUSTION_NOTES));

    private IncidentScenarios() {}

    /** Every scenario, in the order {@code vigil generate --list} prints them. */
    public static List<IncidentScenario> all() {
        return ALL;
    }

    /**
     * The slow exhaustion scenarios ({@code disk-exhaustion}, {@code memory-exhaustion}): faults of
     * hours for forecasters, not incidents to detect; what {@code vigil bench incidents} and tests
     * that generate every scenario leave out.
     */
    public static List<IncidentScenario> exhaustion() {
        return ALL.stream().filter(s -> s.name().endsWith("-exhaustion")).toList();
    }

    /** Every scenario but the {@link #exhaustion()} ones: the incidents benchmark's. */
    public static List<IncidentScenario> incidents() {
        return ALL.stream().filter(s -> !s.name().endsWith("-exhaustion")).toList();
    }

    /**
     * The scenario called {@code name}.
     *
     * @throws IllegalArgumentException listing the known names if there is none
     */
    public static IncidentScenario named(String name) {
        for (IncidentScenario scenario : ALL) {
            if (scenario.name().equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException(
                "unknown scenario '"
                        + name
                        + "'; scenarios are "
                        + ALL.stream()
                                .map(IncidentScenario::name)
                                .collect(Collectors.joining(", ")));
    }

    private static IncidentScenario one(String name, String summary, Fault fault) {
        return new IncidentScenario(name, summary, HOUR, List.of(fault), "");
    }
}
