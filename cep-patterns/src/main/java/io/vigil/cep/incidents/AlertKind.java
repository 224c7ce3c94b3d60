package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import java.util.Locale;

/**
 * What an alert says about its service, for root-cause ranking: a resource running out, errors,
 * slowness, a new kind of log message, or something else. Read from the alert's source and its
 * series' metric name and attributes by the OpenTelemetry semantic conventions' words ({@code
 * system.cpu.*}, {@code *.duration}, {@code http.response.status_code} …), never by one system's
 * metric names.
 */
public enum AlertKind {
    /**
     * CPU, memory, disk, filesystem, network, threads, GC: the service itself is short of
     * something.
     */
    RESOURCE("resource saturation"),
    /** Failed requests or error log lines. */
    ERRORS("errors"),
    /** Slower requests or operations. */
    LATENCY("latency"),
    /** A kind of log message never seen before. */
    NEW_LOG_TEMPLATE("new log template"),
    /** A new version of the service (its {@code service.version} changed). */
    DEPLOY("deploy"),
    OTHER("anomaly");

    private final String words;

    AlertKind(String words) {
        this.words = words;
    }

    /** How a person says it: {@code latency}, {@code errors}, … */
    public String words() {
        return words;
    }

    private static final String[] RESOURCE_WORDS = {
        "cpu",
        "memory",
        "mem.",
        "heap",
        "disk",
        "filesystem",
        "fs.",
        "network",
        "net.",
        "io.",
        "thread",
        "gc",
        "utilization",
        "saturation",
        "load",
        "swap",
        "inode",
        "fd",
        "socket"
    };

    private static final String[] ERROR_WORDS = {"error", "fail", "fault", "exception", "5xx"};

    private static final String[] LATENCY_WORDS = {
        "duration", "latency", "response_time", "responsetime", "elapsed", "delay", "wait"
    };

    /** The kind of one alert. */
    public static AlertKind of(AlertEvent alert) {
        if (alert.source() == AlertSource.LOG_TEMPLATE) {
            return NEW_LOG_TEMPLATE;
        }
        if (alert.source() == AlertSource.DEPLOY) {
            return DEPLOY;
        }
        String metric =
                alert.series() != null
                        ? alert.series().metric()
                        : alert.labels().getOrDefault("metric", alert.labels().get("alertname"));
        String name = metric == null ? "" : metric.toLowerCase(Locale.ROOT);
        if (containsAny(name, ERROR_WORDS) || serverErrorStatus(alert)) {
            return ERRORS;
        }
        if (containsAny(name, LATENCY_WORDS)) {
            return LATENCY;
        }
        if (containsAny(name, RESOURCE_WORDS)) {
            return RESOURCE;
        }
        return OTHER;
    }

    private static boolean serverErrorStatus(AlertEvent alert) {
        if (alert.series() == null) {
            return false;
        }
        for (var e : alert.series().attributes().entrySet()) {
            if (e.getKey().contains("status_code") && e.getValue().startsWith("5")) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String name, String[] words) {
        for (String w : words) {
            if (name.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
