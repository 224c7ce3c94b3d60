package io.vigil.udfs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternMinerTest {

    /** A small synthetic log: three kinds of line, numbers and user names as variables. */
    private static List<String> syntheticLog() {
        String[] users = {
            "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"
        };
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String user = users[i % users.length];
            lines.add(
                    "Accepted password for " + user + " from 10.0.0." + i + " port " + (40000 + i));
            lines.add("Connection closed by 192.168.1." + i + " [preauth]");
            if (i % 3 == 0) {
                lines.add("Disk usage " + (50 + i) + "% on volume data" + (i % 7));
            }
        }
        return lines;
    }

    @Test
    void groupsSyntheticLinesIntoTheirTemplates() {
        TemplateMiner miner = TemplateMiners.createDefault();
        Map<String, String> idByKind = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (String line : syntheticLog()) {
            ids.add(miner.add(line).templateId());
        }
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactlyInAnyOrder(
                        "Accepted password for <*> from <*> port <*>",
                        "Connection closed by <*> [preauth]",
                        "Disk usage <*>% on volume <*>");
        for (Template t : miner.templates()) {
            idByKind.put(t.pattern(), t.id());
        }
        assertThat(miner.templates()).extracting(Template::count).containsExactly(60L, 60L, 20L);
        assertThat(miner.size()).isEqualTo(3);
        assertThat(miner.overflowCount()).isZero();
        assertThat(idByKind.values()).doesNotHaveDuplicates();
    }

    @Test
    void aFewValuesAtAPositionStayConstantsManyMakeAVariable() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (String state : List.of("Started", "Paused", "Resumed", "Stopped")) {
            assertThat(miner.add("VM " + state + " (Lifecycle Event)").kind())
                    .isEqualTo(Match.Kind.NEW);
        }
        assertThat(miner.size()).isEqualTo(4);
        Match fifth = miner.add("VM Crashed (Lifecycle Event)");
        assertThat(fifth.kind()).isEqualTo(Match.Kind.CHANGED);
        assertThat(fifth.pattern()).isEqualTo("VM <*> (Lifecycle Event)");
        assertThat(fifth.replacedIds()).hasSize(4);
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactly(fifth.pattern());
    }

    @Test
    void aFirstWordNamesTheMessageKindAndNeverBecomesAVariable() {
        TemplateMiner miner = TemplateMiners.createDefault();
        List<String> verbs = List.of("boot", "wait", "halt", "reset", "start", "stop", "probe");
        for (int i = 0; i < verbs.size(); i++) {
            miner.add(verbs.get(i) + " (command " + (100 + i) + ")");
        }
        assertThat(miner.size()).isEqualTo(verbs.size());
        // A first token that is not a plain word can still be a variable.
        for (int i = 0; i < 12; i++) {
            miner.add("worker-" + (char) ('a' + i) + " joined the pool");
        }
        assertThat(miner.templates()).extracting(Template::pattern).contains("<*> joined the pool");
    }

    @Test
    void idsWithMaskedPartsAreAVariableFromTwoValues() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (int i = 0; i < 20; i++) {
            miner.add("Block rdd_" + i + "_" + (i + 1) + " stored in memory");
            miner.add("Block broadcast_" + i + "_piece0 stored in memory");
        }
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactly("Block <*> stored in memory");
        // Different keys are different fields, not values of one.
        TemplateMiner keys = TemplateMiners.createDefault();
        keys.add("lookup ip=10.0.0.1 done");
        keys.add("lookup port=8080 done");
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void theSameFewValuesInTwoMessagesAreAVariable() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (int i = 0; i < 30; i++) {
            for (String user : List.of("cyrus", "news", "test")) {
                miner.add("session opened for user " + user + " by (uid=" + i + ")");
                miner.add("session closed for user " + user);
            }
        }
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactlyInAnyOrder(
                        "session opened for user <*> by (uid=<*>)", "session closed for user <*>");
        // Three values in one message only, each repeating: still constants.
        TemplateMiner one = TemplateMiners.createDefault();
        for (int i = 0; i < 30; i++) {
            for (String verb : List.of("GET", "POST", "PUT")) {
                one.add("request " + verb + " done in " + i + " ms");
            }
        }
        assertThat(one.size()).isEqualTo(3);
    }

    @Test
    void frequentValuesStayConstantsEvenWhenThereAreFive() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (int i = 0; i < 100; i++) {
            for (String verb : List.of("GET", "POST", "PUT", "DELETE")) {
                miner.add("\"" + verb + " /v2/servers/" + i + " HTTP/1.1\" status: 200");
            }
        }
        // A fifth verb is no long tail beside four that each repeat a hundred times.
        miner.add("\"HEAD /v2/servers/1 HTTP/1.1\" status: 200");
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactlyInAnyOrder(
                        "\"GET <*> HTTP/<*>\" status: <*>",
                        "\"POST <*> HTTP/<*>\" status: <*>",
                        "\"PUT <*> HTTP/<*>\" status: <*>",
                        "\"DELETE <*> HTTP/<*>\" status: <*>",
                        "\"HEAD <*> HTTP/<*>\" status: <*>");
    }

    @Test
    void sameInputTwiceGivesTheSameIds() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        TemplateMiner a = TemplateMiners.createDefault();
        TemplateMiner b = TemplateMiners.createDefault();
        for (String line : syntheticLog()) {
            first.add(a.add(line).templateId());
            second.add(b.add(line).templateId());
        }
        assertThat(second).isEqualTo(first);
        assertThat(b.templates()).isEqualTo(a.templates());
    }

    @Test
    void twoInstancesFedInterleavedHalvesAgreeOnIds() {
        List<String> lines = syntheticLog();
        TemplateMiner even = TemplateMiners.createDefault();
        TemplateMiner odd = TemplateMiners.createDefault();
        for (int i = 0; i < lines.size(); i++) {
            (i % 2 == 0 ? even : odd).add(lines.get(i));
        }
        Map<String, String> evenIds = new LinkedHashMap<>();
        Map<String, String> oddIds = new LinkedHashMap<>();
        even.templates().forEach(t -> evenIds.put(t.pattern(), t.id()));
        odd.templates().forEach(t -> oddIds.put(t.pattern(), t.id()));
        assertThat(evenIds).isNotEmpty();
        assertThat(oddIds).isEqualTo(evenIds);
        // And a fresh line of a known kind gets the same id from both.
        String line = "Connection closed by 172.16.0.9 [preauth]";
        assertThat(odd.add(line).templateId()).isEqualTo(even.add(line).templateId());
    }

    @Test
    void idIsAFunctionOfThePattern() {
        TemplateMiner miner = TemplateMiners.createDefault();
        Match m = miner.add("Connection closed by 10.1.1.1 [preauth]");
        assertThat(m.kind()).isEqualTo(Match.Kind.NEW);
        assertThat(m.pattern()).isEqualTo("Connection closed by <*> [preauth]");
        assertThat(m.templateId()).isEqualTo(TemplateIds.of(m.pattern())).hasSize(16);
        assertThat(miner.add("Connection closed by 10.9.9.9 [preauth]").kind())
                .isEqualTo(Match.Kind.MATCHED);
    }

    @Test
    void generalisationGivesANewIdAndKeepsLineage() {
        TemplateMiner miner = TemplateMiners.createDefault();
        List<String> users = List.of("alice", "bob", "carol", "dave");
        List<String> before = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            Match m = miner.add("Invalid user " + users.get(i) + " from 10.0.0." + i);
            assertThat(m.kind()).isEqualTo(Match.Kind.NEW);
            before.add(m.templateId());
        }
        assertThat(before).doesNotHaveDuplicates();
        Match erin = miner.add("Invalid user erin from 10.0.0.9");
        assertThat(erin.kind()).isEqualTo(Match.Kind.CHANGED);
        assertThat(erin.pattern()).isEqualTo("Invalid user <*> from <*>");
        assertThat(erin.templateId()).isEqualTo(TemplateIds.of(erin.pattern()));
        assertThat(erin.replacedIds()).containsExactlyInAnyOrderElementsOf(before);
        Template t = miner.template(erin.templateId()).orElseThrow();
        assertThat(t.lineage()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(t.count()).isEqualTo(5);
        assertThat(t.example()).startsWith("Invalid user ");
        for (String old : before) {
            assertThat(miner.currentId(old)).contains(erin.templateId());
            assertThat(miner.template(old)).isEmpty();
        }
        assertThat(miner.add("Invalid user frank from 10.0.0.4").kind())
                .isEqualTo(Match.Kind.MATCHED);
    }

    @Test
    void capStopsNewTemplatesAndCountsOverflow() {
        TemplateMiner miner =
                TemplateMiners.create(MinerConfig.DEFAULT.withMaxTemplates(2), Masker.defaults());
        assertThat(miner.add("alpha started").kind()).isEqualTo(Match.Kind.NEW);
        assertThat(miner.add("beta stopped now").kind()).isEqualTo(Match.Kind.NEW);
        Match over = miner.add("gamma failed badly here");
        assertThat(over.kind()).isEqualTo(Match.Kind.OVERFLOW);
        assertThat(over.templateId()).isEqualTo(Template.OVERFLOW_ID);
        miner.add("delta is yet another kind");
        assertThat(miner.overflowCount()).isEqualTo(2);
        assertThat(miner.size()).isEqualTo(2);
        // Known kinds still match at the cap.
        assertThat(miner.add("alpha started").kind()).isEqualTo(Match.Kind.MATCHED);
    }

    @Test
    void aVariableTheMinerFindsKeepsThePunctuationAroundIt() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (String user : List.of("alice,", "bob,", "carol,", "dave,", "erin,", "frank,")) {
            miner.add("session opened for " + user + " by admin");
        }
        assertThat(miner.templates())
                .extracting(Template::pattern)
                .containsExactly("session opened for <*>, by admin");
    }

    @Test
    void restoringKeyAndExampleRebuildsTheSameIdAndPattern() {
        TemplateMiner before = TemplateMiners.createDefault();
        for (String user : List.of("alice,", "bob,", "carol,", "dave,", "erin,", "frank,")) {
            before.add("session opened for " + user + " (TID 7), by admin");
        }
        before.add("Received block blk_-42 of size 7 from /10.0.0.1");
        TemplateMiner after = TemplateMiners.createDefault();
        for (Template t : before.templates()) {
            Match m = after.restore(t.key(), t.example());
            assertThat(m.kind()).isEqualTo(Match.Kind.NEW);
            assertThat(m.templateId()).isEqualTo(t.id());
            assertThat(m.pattern()).isEqualTo(t.pattern());
        }
        assertThat(after.templates())
                .extracting(Template::pattern)
                .containsExactlyInAnyOrder(
                        "session opened for <*>, (TID <*>), by admin",
                        "Received block <*> of size <*> from <*>");
        // New lines of the same kinds match the restored templates at once.
        assertThat(after.add("session opened for zoe, (TID 9), by admin").kind())
                .isEqualTo(Match.Kind.MATCHED);
        Template first = before.templates().get(0);
        assertThat(after.restore(first.key(), first.example()).kind())
                .isEqualTo(Match.Kind.MATCHED);
    }

    @Test
    void aKeyValueVariableKeepsItsKeyInTheTemplateAndAfterARestore() {
        TemplateMiner miner = TemplateMiners.createDefault();
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            miner.add("authentication failure; tty=ssh user=" + user);
        }
        Template t = miner.templates().get(0);
        assertThat(t.pattern()).isEqualTo("authentication failure; tty=ssh user=<*>");
        assertThat(t.key()).isEqualTo("authentication failure; tty=ssh <*>");
        Match restored = TemplateMiners.createDefault().restore(t.key(), t.example());
        assertThat(restored.pattern()).isEqualTo(t.pattern());
        assertThat(restored.templateId()).isEqualTo(t.id());
    }
}
