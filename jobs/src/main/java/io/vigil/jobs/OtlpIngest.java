package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.OtlpDecodeFunction;
import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.otlp.OtlpDecoder;
import java.util.List;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The front of every signal job: OTLP topic → decode → event time. A message that cannot be decoded
 * leaves on {@link #deadLetters()}; it never throws inside the source or the decoder.
 *
 * @param records decoded records, with event-time timestamps and watermarks (bounded
 *     out-of-orderness and idleness from {@link VigilConfig.EventTime})
 * @param deadLetters the messages (or the parts of messages) that could not be decoded
 */
public record OtlpIngest<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {

    /**
     * Adds source, decoder and watermarks for one signal to the graph.
     *
     * @param eventTimeMillis the event time of a record, in epoch milliseconds
     */
    public static <T> OtlpIngest<T> read(
            StreamExecutionEnvironment env,
            VigilConfig config,
            Signal signal,
            OtlpDecoder<T> decoder,
            Class<T> type,
            SerializableTimestampAssigner<T> eventTimeMillis) {
        List<String> topics = signal.inputTopics(config.kafka().topics());
        DataStream<RawMessage> raw =
                env.fromSource(
                                KafkaConnectors.otlpSource(config.kafka(), topics, signal.id()),
                                WatermarkStrategy.noWatermarks(),
                                "Kafka " + String.join(", ", topics))
                        .uid(signal.id() + "-source");
        SingleOutputStreamOperator<T> decoded = decode(raw, signal, decoder, type);
        VigilConfig.EventTime eventTime = config.eventTime();
        DataStream<T> timed =
                decoded.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<T>forBoundedOutOfOrderness(
                                                eventTime.maxOutOfOrderness())
                                        .withTimestampAssigner(eventTimeMillis)
                                        .withIdleness(eventTime.idleness()))
                        .name("Event time " + signal.id())
                        .uid(signal.id() + "-event-time");
        return new OtlpIngest<>(timed, decoded.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS));
    }

    /**
     * The decoder alone: OTLP messages → records, with the messages that cannot be read on {@link
     * OtlpDecodeFunction#DEAD_LETTERS}. Replays that bring their own event time start here.
     */
    public static <T> SingleOutputStreamOperator<T> decode(
            DataStream<RawMessage> raw, Signal signal, OtlpDecoder<T> decoder, Class<T> type) {
        return raw.process(new OtlpDecodeFunction<>(decoder))
                .returns(TypeInformation.of(type))
                .name("Decode OTLP " + signal.id())
                .uid(signal.id() + "-decode");
    }

    /**
     * Writes a job's documents, together with its dead letters, through one Elasticsearch sink; the
     * dead letters also go to the dead-letter topic. Every document passes the guard first ({@link
     * JobSinks#elasticsearch}).
     */
    public void writeToElasticsearch(
            DataStream<EsDocument> documents, VigilConfig config, Signal signal) {
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        JobSinks.elasticsearch(
                documents.union(sinkDeadLetters(config, signal, ecs)), config, signal.id());
    }

    /**
     * Sends the dead letters to the dead-letter topic and returns them as Elasticsearch documents
     * for the {@code <prefix>-dlq-*} indices.
     */
    private DataStream<EsDocument> sinkDeadLetters(
            VigilConfig config, Signal signal, EcsMapper ecs) {
        deadLetters
                .sinkTo(KafkaConnectors.deadLetterSink(config.kafka()))
                .name("Dead letters " + signal.id() + " → " + config.kafka().topics().deadLetters())
                .uid(signal.id() + "-dlq-kafka");
        return JobSinks.documents(
                deadLetters,
                ecs::deadLetter,
                "Dead letters " + signal.id() + " → ECS",
                signal.id() + "-dlq-ecs");
    }
}
