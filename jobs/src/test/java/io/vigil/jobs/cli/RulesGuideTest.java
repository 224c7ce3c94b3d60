package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The examples of the rules and SLO guide work: the files under {@code deploy/examples/} pass
 * {@code vigil rules validate}, {@code vigil rules test} and {@code vigil slo validate}, the
 * example configuration loads them, and every YAML block of {@code docs/rules.md} is what it claims
 * to be — a valid rule file, SLO file, configuration or promtool test, or, for a block marked
 * {@code refused}, a file refused with exactly the problems the page shows after it.
 */
class RulesGuideTest {
    private static final Path REPO = Path.of(System.getProperty("vigil.repo.dir", ".."));
    private static final Path EXAMPLES = REPO.resolve("deploy/examples");
    private static final Path GUIDE = REPO.resolve("docs/rules.md");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    @Test
    void exampleRuleFileIsValid() {
        Path rules = EXAMPLES.resolve("rules/shop.yml");

        assertThat(run("rules", "validate", rules.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("  SUCCESS: 6 rules found");
    }

    @Test
    void exampleRuleTestPasses() {
        Path test = EXAMPLES.resolve("rules/shop-test.yml");

        assertThat(run("rules", "test", test.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).isEqualTo("Unit Testing: " + test + "\n  SUCCESS\n");
    }

    @Test
    void exampleSlosAreValidAndTheirRulesToo() throws Exception {
        Path slos = EXAMPLES.resolve("slo/shop.yml");

        assertThat(run("slo", "validate", slos.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("  SUCCESS: 3 SLOs found");
        assertThat(run("slo", "rules", slos.toString())).as(err.toString()).isZero();
        Path rules = Files.writeString(dir.resolve("slo-rules.yml"), out.toString());
        assertThat(run("rules", "validate", rules.toString())).as(out.toString()).isZero();
        // 13 rules for each workbook SLO, 12 for the simple one
        assertThat(out.toString()).contains("  SUCCESS: 38 rules found");
    }

    @Test
    void exampleConfigurationLoadsTheRulesAndSlosRelativeToItself() {
        VigilConfig config = VigilConfig.load(EXAMPLES.resolve("vigil.yaml"));

        assertThat(config.rules().groups())
                .extracting(RuleGroup::name, RuleGroup::interval)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shop-red", Duration.ofMinutes(1)),
                        org.assertj.core.groups.Tuple.tuple("http-server", Duration.ofSeconds(30)));
        assertThat(config.slos().slos())
                .extracting(Slo::name)
                .containsExactly(
                        "checkout-availability", "checkout-latency", "place-order-availability");
        assertThat(config.slos().evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    /** A fenced block of the guide: its language, first line number, text, and the next block. */
    record Block(String language, int line, String text, String next) {
        @Override
        public String toString() {
            return "docs/rules.md:" + line + " " + text.lines().findFirst().orElse("");
        }
    }

    static Stream<Block> yamlBlocks() throws IOException {
        List<String> lines = Files.readAllLines(GUIDE);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (!lines.get(end).strip().equals("```")) {
                end++;
            }
            blocks.add(
                    new Block(
                            fence.substring(3),
                            start + 1,
                            String.join("\n", lines.subList(start, end)) + "\n",
                            null));
            i = end;
        }
        List<Block> yaml = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            if (b.language().equals("yaml")) {
                String next = k + 1 < blocks.size() ? blocks.get(k + 1).text() : null;
                yaml.add(new Block(b.language(), b.line(), b.text(), next));
            }
        }
        assertThat(yaml).as("YAML blocks of %s", GUIDE).hasSizeGreaterThanOrEqualTo(6);
        return yaml.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlBlocks")
    void everyYamlBlockOfTheGuideIsValid(Block block) throws Exception {
        String text = block.text();
        String first = text.lines().findFirst().orElse("");
        // the examples, next to which configurations and promtool tests name their files
        Path base = copyExamples();
        if (first.contains("refused")) {
            String name = first.replaceFirst("#\\s*", "").replaceFirst(":.*", "").strip();
            Path file = base.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            assertThat(run("rules", "validate", file.toString())).isEqualTo(1);
            List<String> shown = block.next().lines().toList();
            assertThat(shown.get(0)).isEqualTo("$ ./vigil rules validate " + name);
            assertThat(out.toString().replace(file.toString(), name).strip())
                    .isEqualTo(String.join("\n", shown.subList(1, shown.size())).strip());
        } else if (text.contains("\nrule_files:") || text.startsWith("rule_files:")) {
            Path test = Files.writeString(base.resolve("rules/guide-test.yml"), text);
            assertThat(run("rules", "test", test.toString())).as(out.toString()).isZero();
        } else if (has(text, "groups:")) {
            List<RuleGroup> groups = RuleFiles.parse(text, block.toString(), Duration.ofMinutes(1));
            assertThat(groups).isNotEmpty();
        } else if (has(text, "slos:")) {
            assertThat(SloFiles.parse(text, block.toString())).isNotEmpty();
        } else if (has(text, "rules:") || has(text, "slo:")) {
            Path config =
                    Files.writeString(
                            base.resolve("vigil.yaml"),
                            "kafka: {bootstrapServers: 'localhost:9092'}\n"
                                    + "elasticsearch: {hosts: ['http://localhost:9200']}\n"
                                    + text);
            VigilConfig.load(config);
        } else {
            fail("%s: not a rule file, SLO file, configuration or promtool test", block);
        }
    }

    /** Whether {@code key} starts a line of {@code text} (a top-level key). */
    private static boolean has(String text, String key) {
        return text.lines().anyMatch(l -> l.startsWith(key));
    }

    private Path copyExamples() throws IOException {
        Path base = dir.resolve("examples");
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path f : files.toList()) {
                Path to = base.resolve(EXAMPLES.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return base;
    }
}
