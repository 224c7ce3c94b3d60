package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpDecoder;
import java.util.List;

/**
 * Reads one {@code vigil.alerts} message ({@code docs/alerts.md}); an unreadable one is a dead
 * letter with the reason, like an unreadable OTLP message. Never throws.
 */
public final class AlertDecoder implements OtlpDecoder<AlertEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public DecodeResult<AlertEvent> decode(byte[] payload) {
        try {
            return new DecodeResult<>(
                    List.of(AlertJson.read(payload == null ? new byte[0] : payload)), List.of());
        } catch (IllegalArgumentException e) {
            return new DecodeResult<>(List.of(), List.of(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            // not seen (AlertDecoderFuzzTest), but one unreadable alert must never stop the job
            return new DecodeResult<>(List.of(), List.of("alert event could not be read: " + e));
        }
    }

    @Override
    public String signal() {
        return "alerts";
    }

    @Override
    public Class<AlertEvent> recordType() {
        return AlertEvent.class;
    }
}
