package io.vigil.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Main class of the Kafka child JVM: formats the KRaft storage if it is not formatted yet, then
 * runs the combined broker and controller from the same properties file.
 *
 * <p>Usage: {@code KafkaBrokerMain <server.properties> <cluster id>}. Equivalent to {@code
 * kafka-storage.sh format --ignore-formatted} followed by {@code kafka-server-start.sh}, in one JVM
 * so the broker starts in about as long as one JVM launch takes. Started by {@link EmbeddedKafka}
 * under {@link ParentWatchdog}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    /** Formats the storage if needed and runs the broker until the JVM exits. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster id>");
            System.exit(2);
        }
        String properties = args[0];
        String clusterId = args[1];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int formatted =
                kafka.tools.StorageTool.execute(
                        new String[] {
                            "format", "--ignore-formatted", "-t", clusterId, "-c", properties
                        },
                        out);
        if (formatted != 0) {
            System.err.println("formatting the KRaft storage failed with code " + formatted);
            System.exit(1);
        }
        kafka.Kafka.main(new String[] {properties});
    }
}
