package io.vigil.udfs.model;

import java.util.Objects;

/**
 * A timestamped annotation on a span ({@code Span.Event}), e.g. the {@code exception} event.
 *
 * @param timeUnixNano when it happened, Unix epoch nanoseconds
 * @param name event name
 * @param attributes event attributes, in message order
 */
public record SpanEventRecord(long timeUnixNano, String name, Attribute[] attributes) {

    public SpanEventRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attributes, "attributes");
    }
}
