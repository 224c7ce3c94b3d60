package io.vigil.jobs.elastic;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.kafka.RefusedDocumentSerializer;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.ecs.RefusedDocument;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BackoffPolicy;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.unit.ByteSizeUnit;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.common.unit.TimeValue;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.rest.RestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch sink of every job, on the bulk client the Flink connector uses (the high-level
 * REST client's {@link BulkProcessor}), with one difference that matters: <b>a document
 * Elasticsearch refuses is a dead letter, not a job failure.</b> The connector's own sink fails the
 * job on any rejected bulk item; the job restarts from its checkpoint, meets the same document
 * again and fails again — one record any client can send stops it for good.
 *
 * <p>What happens to each bulk item:
 *
 * <ul>
 *   <li>indexed: done;
 *   <li>rejected with 429 (the cluster is busy): retried with exponential backoff ({@code
 *       bulk.maxRetries}, {@code bulk.retryDelay}); still 429 after that, or any 5xx: the cluster
 *       is unavailable, and the job fails and restarts from its last checkpoint (no loss: the
 *       checkpoint waits for every pending document);
 *   <li>rejected with any other status (a mapping conflict, an immense term, a bad field name…):
 *       the document goes to {@code <prefix>-dlq-*} and to the dead-letter topic with
 *       Elasticsearch's own reason ({@link RefusedDocument#ELASTICSEARCH}), counted in {@code
 *       documentsRejected}. If even that dead-letter document is rejected, it is logged and counted
 *       in {@code deadLettersRejected} (it is on the topic already).
 * </ul>
 *
 * A failed bulk request as a whole (connection refused, timeout) fails the job the same way. At
 * least once: a checkpoint completes only when every document written before it, dead letters
 * included, is acknowledged; with deterministic ids that gives exactly-once results in the index.
 */
public final class DocumentSink implements Sink<EsDocument> {
    private static final long serialVersionUID = 1L;

    private final VigilConfig.Elasticsearch elasticsearch;
    private final VigilConfig.Kafka kafka;
    private final String signal;

    /**
     * @param signal the job's input signal, recorded on its dead letters
     */
    public DocumentSink(
            VigilConfig.Elasticsearch elasticsearch, VigilConfig.Kafka kafka, String signal) {
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
        this.signal = signal;
    }

    @Override
    public SinkWriter<EsDocument> createWriter(WriterInitContext context) {
        return new Writer(context.getMailboxExecutor(), context.metricGroup());
    }

    /**
     * Flink 1.20 still declares this one abstract; it runs only on a runtime that does not call
     * {@link #createWriter(WriterInitContext)}.
     */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<EsDocument> createWriter(Sink.InitContext context) throws IOException {
        return new Writer(context.getMailboxExecutor(), context.metricGroup());
    }

    private final class Writer implements SinkWriter<EsDocument> {
        private final Logger log = LoggerFactory.getLogger(DocumentSink.class);
        private final MailboxExecutor mailbox;
        private final RestHighLevelClient client;
        private final BulkProcessor bulk;
        private final KafkaProducer<byte[], byte[]> producer;
        private final EcsMapper ecs;
        private final String deadLetterIndices;
        private final Counter rejected;
        private final Counter deadLettersRejected;
        private final AtomicReference<Exception> kafkaFailure = new AtomicReference<>();

        /** Documents added and not yet answered (task thread only). */
        private long pending;

        Writer(MailboxExecutor mailbox, SinkWriterMetricGroup metrics) {
            this.mailbox = mailbox;
            this.ecs = new EcsMapper(elasticsearch.indexPrefix());
            this.deadLetterIndices = elasticsearch.indexPrefix() + "-dlq-";
            this.rejected = metrics.counter("documentsRejected");
            this.deadLettersRejected = metrics.counter("deadLettersRejected");
            this.client = new RestHighLevelClient(ElasticsearchClients.builder(elasticsearch));
            VigilConfig.Bulk settings = elasticsearch.bulk();
            this.bulk =
                    BulkProcessor.builder(
                                    (request, listener) ->
                                            client.bulkAsync(
                                                    request, RequestOptions.DEFAULT, listener),
                                    new Listener())
                            .setBulkActions(settings.maxActions())
                            .setBulkSize(new ByteSizeValue(settings.maxSizeMb(), ByteSizeUnit.MB))
                            .setFlushInterval(
                                    TimeValue.timeValueMillis(settings.flushInterval().toMillis()))
                            // one request at a time, run by the caller: add() and flush() block
                            // while Elasticsearch answers, which is the sink's back-pressure
                            .setConcurrentRequests(0)
                            .setBackoffPolicy(
                                    BackoffPolicy.exponentialBackoff(
                                            TimeValue.timeValueMillis(
                                                    settings.retryDelay().toMillis()),
                                            settings.maxRetries()))
                            .build();
            this.producer =
                    new KafkaProducer<>(
                            KafkaConnectors.producerProperties(kafka),
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
        }

        @Override
        public void write(EsDocument document, Context context) throws InterruptedException {
            // answers already in the mailbox first, so a failure surfaces at once
            while (mailbox.tryYield()) {}
            add(document);
        }

        private void add(EsDocument document) {
            pending++;
            bulk.add(
                    new IndexRequest(document.index())
                            .id(document.id())
                            .source(document.json(), XContentType.JSON));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            while (pending > 0) {
                bulk.flush();
                if (pending > 0) {
                    // flush() returned after the answer was put in the mailbox: take it
                    mailbox.yield();
                }
            }
            producer.flush();
            Exception failure = kafkaFailure.get();
            if (failure != null) {
                throw new IOException(
                        "could not write a dead letter to Kafka topic "
                                + kafka.topics().deadLetters(),
                        failure);
            }
        }

        /** Runs in the task thread: one bulk answer. */
        private void answered(BulkRequest request, BulkResponse response) {
            pending -= request.numberOfActions();
            if (!response.hasFailures()) {
                return;
            }
            for (BulkItemResponse item : response.getItems()) {
                if (item.isFailed()) {
                    failedItem(request.requests().get(item.getItemId()), item);
                }
            }
        }

        private void failedItem(DocWriteRequest<?> request, BulkItemResponse item) {
            RestStatus status = item.status();
            if (status == RestStatus.TOO_MANY_REQUESTS || status.getStatus() >= 500) {
                throw new FlinkRuntimeException(
                        "Elasticsearch is unavailable ("
                                + status
                                + " for a document of "
                                + item.getIndex()
                                + " after retries): "
                                + item.getFailureMessage());
            }
            IndexRequest index = (IndexRequest) request;
            EsDocument document =
                    new EsDocument(index.index(), index.id(), index.source().utf8ToString());
            String reason =
                    "Elasticsearch refused the document ("
                            + status
                            + "): "
                            + item.getFailureMessage();
            if (document.index().startsWith(deadLetterIndices)) {
                deadLettersRejected.inc();
                log.error("dead letter {} not indexed: {}", document.id(), reason);
                return;
            }
            rejected.inc();
            RefusedDocument refused =
                    new RefusedDocument(
                            document,
                            signal,
                            RefusedDocument.ELASTICSEARCH,
                            reason,
                            RefusedDocument.timestampMillis(document, System.currentTimeMillis()));
            producer.send(
                    RefusedDocumentSerializer.record(kafka.topics().deadLetters(), refused),
                    (metadata, e) -> {
                        if (e != null) {
                            kafkaFailure.compareAndSet(null, e);
                        }
                    });
            add(ecs.refused(refused));
        }

        @Override
        public void close() throws Exception {
            try {
                bulk.awaitClose(30, TimeUnit.SECONDS);
            } finally {
                try {
                    client.close();
                } finally {
                    producer.close();
                }
            }
        }

        /** Called on the bulk client's threads: hands every answer to the task thread. */
        private final class Listener implements BulkProcessor.Listener {
            @Override
            public void beforeBulk(long id, BulkRequest request) {}

            @Override
            public void afterBulk(long id, BulkRequest request, BulkResponse response) {
                mailbox.execute(() -> answered(request, response), "Elasticsearch bulk answer");
            }

            @Override
            public void afterBulk(long id, BulkRequest request, Throwable failure) {
                mailbox.execute(
                        () -> {
                            throw new FlinkRuntimeException(
                                    "Elasticsearch bulk request of "
                                            + request.numberOfActions()
                                            + " documents failed: "
                                            + failure,
                                    failure);
                        },
                        "Elasticsearch bulk failure");
            }
        }
    }
}
