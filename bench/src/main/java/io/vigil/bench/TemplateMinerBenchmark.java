package io.vigil.bench;

import io.vigil.bench.loghub.LoghubSystem;
import io.vigil.udfs.logs.Masker;
import io.vigil.udfs.logs.TemplateMiner;
import io.vigil.udfs.logs.TemplateMiners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-core cost of the default template miner, in lines per second on one thread, over the 24,000
 * {@code Content} lines of Loghub-2k (all 12 systems, in file order, system after system). The
 * miner has seen every line once in setup, so the measured passes are the steady state of a live
 * source: almost every line matches an existing template (through the masked-line cache or a scan
 * of the templates of its length).
 *
 * <p>{@code tokenizeCeiling} is the ceiling: splitting the same lines at whitespace into token
 * strings, about the least any token-based miner must do. {@code maskOnly} adds the masking rules;
 * {@code add} is the whole miner. Rows read as a ratio to the ceiling.
 *
 * <p>Memory: setup fills a fresh miner with {@value #MEMORY_TEMPLATES} distinct synthetic templates
 * (random 8-word lines with two numbers, no two close enough to merge) and prints the heap retained
 * per template, measured as the used-heap delta after repeated GC (the masked-line cache included,
 * since each template's line is in it).
 *
 * <p>Data: {@code -Dvigil.loghub=DIR} (default {@code ../shared/data/loghub}).
 *
 * <p>Run: {@code java -Dvigil.loghub=/path/to/loghub -cp "bench/target/vigil-bench-*.jar:$(cat
 * bench/target/classpath.txt)" org.openjdk.jmh.Main TemplateMinerBenchmark}
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TemplateMinerBenchmark extends ThroughputBenchmark {
    static final int LINES = 24_000;
    static final int MEMORY_TEMPLATES = 10_000;
    private static final long SEED = 42;

    private String[] lines;
    private TemplateMiner miner;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = Path.of(System.getProperty("vigil.loghub", "../shared/data/loghub"));
        List<String> all = new ArrayList<>();
        try {
            for (LoghubSystem s : LoghubSystem.loadAll(dir)) {
                all.addAll(s.contents());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("set -Dvigil.loghub to the Loghub-2k directory", e);
        }
        if (all.size() != LINES) {
            throw new IllegalStateException(
                    "expected " + LINES + " Loghub-2k lines under " + dir + ", got " + all.size());
        }
        lines = all.toArray(new String[0]);
        miner = TemplateMiners.createDefault();
        for (String line : lines) {
            miner.add(line); // warm: the templates exist, as on a live source
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "templates after warm-up: %d; memory: %.0f bytes per template (%d synthetic"
                        + " templates)%n",
                miner.size(),
                bytesPerTemplate(),
                MEMORY_TEMPLATES);
        System.out.printf(
                Locale.ROOT,
                "add, warm, thread CPU time (not wall time, so neighbours on a shared machine"
                        + " count less): median %.0f lines per CPU second over %d passes%n",
                cpuLinesPerSecond(),
                CPU_PASSES);
    }

    /** Passes over the 24,000 lines timed by thread CPU time in setup. */
    static final int CPU_PASSES = 31;

    /**
     * The warm miner's rate in lines per second of this thread's CPU time, median over {@value
     * #CPU_PASSES} passes: a check on the wall-clock JMH score when the machine is shared.
     */
    double cpuLinesPerSecond() {
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        double[] rates = new double[CPU_PASSES];
        long sink = 0;
        for (int p = 0; p < CPU_PASSES; p++) {
            long start = mx.getCurrentThreadCpuTime();
            for (String line : lines) {
                sink += miner.add(line).templateId().length();
            }
            long nanos = mx.getCurrentThreadCpuTime() - start;
            rates[p] = lines.length / (nanos / 1e9);
        }
        if (sink == 0) {
            throw new IllegalStateException("no ids"); // keeps the loop from being removed
        }
        java.util.Arrays.sort(rates);
        return rates[CPU_PASSES / 2];
    }

    /** Used heap retained by a miner holding {@value #MEMORY_TEMPLATES} templates, per template. */
    static double bytesPerTemplate() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] vocabulary = new String[2_000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 4 + r.nextInt(6);
            for (int k = 0; k < len; k++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            vocabulary[i] = w.toString();
        }
        List<String> synthetic = new ArrayList<>(MEMORY_TEMPLATES);
        for (int t = 0; t < MEMORY_TEMPLATES; t++) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                line.append(vocabulary[r.nextInt(vocabulary.length)]).append(' ');
                if (k == 3 || k == 6) {
                    line.append(r.nextInt(100_000)).append(' ');
                }
            }
            synthetic.add(line.toString().trim());
        }
        long before = usedAfterGc();
        REACHABLE[0] = null;
        TemplateMiner m = TemplateMiners.createDefault();
        for (String line : synthetic) {
            m.add(line);
        }
        long after = usedAfterGc();
        if (m.size() != MEMORY_TEMPLATES) {
            throw new IllegalStateException(
                    "synthetic lines merged: " + m.size() + " templates, not " + MEMORY_TEMPLATES);
        }
        double perTemplate = (after - before) / (double) MEMORY_TEMPLATES;
        REACHABLE[0] = m; // keep the miner reachable through the second measurement
        return perTemplate;
    }

    private static final Object[] REACHABLE = new Object[1];

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** Ceiling: split every line at whitespace into token strings, nothing else. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void tokenizeCeiling(Blackhole sink) {
        List<String> tokens = new ArrayList<>(64);
        for (String line : lines) {
            tokens.clear();
            int n = line.length();
            int i = 0;
            while (i < n) {
                while (i < n && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    tokens.add(line.substring(start, i));
                }
            }
            sink.consume(tokens.size());
        }
    }

    /** Tokenise and mask every line (the miner's first step). */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void maskOnly(Blackhole sink) {
        Masker masker = Masker.defaults();
        for (String line : lines) {
            sink.consume(masker.tokens(line));
        }
    }

    /** The default miner, warm: assign every line to its template. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void add(Blackhole sink) {
        TemplateMiner m = miner;
        for (String line : lines) {
            sink.consume(m.add(line));
        }
    }
}
