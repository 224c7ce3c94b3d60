package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.DocumentSink;
import io.vigil.jobs.elastic.ElasticsearchSinks;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.ecs.RefusedDocument;
import io.vigil.udfs.elastic.flink.GuardDocuments;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The two outputs every job shares: its Elasticsearch documents, and alerts on Kafka. */
public final class JobSinks {
    private JobSinks() {}

    /**
     * Writes documents to Elasticsearch. Every document passes {@link GuardDocuments} first: one
     * that Elasticsearch would refuse becomes a dead letter (the {@code <prefix>-dlq-*} index and
     * the dead-letter topic) with the reason; what Elasticsearch still rejects becomes one in the
     * sink ({@link DocumentSink}). Nothing a document holds can fail the job.
     *
     * @param uidPrefix the job's operator uid prefix (its signal id)
     */
    public static void elasticsearch(
            DataStream<EsDocument> documents, VigilConfig config, String uidPrefix) {
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        SingleOutputStreamOperator<EsDocument> guarded =
                documents
                        .process(new GuardDocuments(ElasticsearchSinks.guard(config), uidPrefix))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Guard " + uidPrefix + " documents")
                        .uid(uidPrefix + "-es-guard");
        DataStream<RefusedDocument> refused = guarded.getSideOutput(GuardDocuments.REFUSED);
        refused.sinkTo(KafkaConnectors.refusedDocumentSink(config.kafka()))
                .name(
                        "Refused "
                                + uidPrefix
                                + " documents → "
                                + config.kafka().topics().deadLetters())
                .uid(uidPrefix + "-refused-kafka");
        guarded.union(
                        documents(
                                refused,
                                ecs::refused,
                                "Refused " + uidPrefix + " documents → ECS",
                                uidPrefix + "-refused-ecs"))
                .sinkTo(ElasticsearchSinks.documents(config, uidPrefix))
                .name("Elasticsearch " + uidPrefix)
                .uid(uidPrefix + "-es-sink");
    }

    /** One Elasticsearch document per element, as an operator with a name and a uid. */
    public static <T> DataStream<EsDocument> documents(
            DataStream<T> in, MapFunction<T, EsDocument> document, String name, String uid) {
        return in.map(document).returns(TypeInformation.of(EsDocument.class)).name(name).uid(uid);
    }

    /** Publishes keyed messages (JSON or OTLP) on a topic, at least once. */
    public static void kafka(
            DataStream<KeyedMessage> messages, VigilConfig config, String topic, String uid) {
        messages.sinkTo(KafkaConnectors.messageSink(config.kafka(), topic))
                .name("Kafka " + topic)
                .uid(uid);
    }

    /**
     * Publishes alerts on {@code vigil.alerts} as JSON ({@code docs/alerts.md}), keyed by
     * fingerprint so that one alert's events stay in order.
     *
     * @param uidPrefix e.g. {@code metrics}: uids {@code <prefix>-alerts-json}, {@code
     *     <prefix>-alerts-kafka}
     */
    public static void alerts(DataStream<AlertEvent> alerts, VigilConfig config, String uidPrefix) {
        kafka(
                alerts.map(a -> new KeyedMessage(a.fingerprint(), AlertJson.write(a)))
                        .returns(TypeInformation.of(KeyedMessage.class))
                        .name("Alerts → JSON")
                        .uid(uidPrefix + "-alerts-json"),
                config,
                config.kafka().topics().alerts(),
                uidPrefix + "-alerts-kafka");
    }
}
