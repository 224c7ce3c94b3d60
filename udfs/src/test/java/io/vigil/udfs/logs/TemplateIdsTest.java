package io.vigil.udfs.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden ids: a change to any of these values changes the id of a live template in every deployment
 * (dashboards, alerts and the template index key on it). Such a change must be a deliberate one,
 * explained in the commit; these values were the ids before patterns and keys were told apart, and
 * still are.
 */
class TemplateIdsTest {

    private static String idOfFirstLine(TemplateMiner miner, String line) {
        return miner.add(line).templateId();
    }

    @Test
    void theHashOfAKeyIsPinned() {
        assertThat(TemplateIds.of("Received block blk_<*> of size <*> from <*>"))
                .isEqualTo("29e8c4591e4aedaf");
        assertThat(TemplateIds.of("")).hasSize(16).matches("[0-9a-f]{16}");
    }

    @Test
    void representativeLinesKeepTheirIds() {
        String[][] golden = {
            {
                "Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6",
                "29e8c4591e4aedaf",
                "Received block <*> of size <*> from <*>"
            },
            {
                "Accepted password for root from 10.0.0.7 port 40123 ssh2",
                "c70283cca4806f21",
                "Accepted password for root from <*> port <*> ssh2"
            },
            {
                "Finished task 0.0 in stage 1.0 (TID 305). 2087 bytes result sent to driver",
                "0e9ec5fb1b3ac0a0",
                "Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver"
            },
            {
                "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)",
                "c3b0e356b6b633fd",
                "[instance: <*>] VM Started (Lifecycle Event)"
            },
            {
                "proxy.example.com:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
                "36920289d18f8480",
                "<*>:<*> open through proxy <*>:<*> HTTPS"
            },
            {
                "jk2_init() Found child 6725 in scoreboard slot 10",
                "d5e49cc12d38a37d",
                "jk2_init() Found child <*> in scoreboard slot <*>"
            },
        };
        for (String[] g : golden) {
            Match m = TemplateMiners.createDefault().add(g[0]);
            assertThat(m.templateId()).as(g[0]).isEqualTo(g[1]);
            assertThat(m.pattern()).as(g[0]).isEqualTo(g[2]);
        }
    }

    @Test
    void theIdDependsOnTheKeyNotOnHowTheTemplateIsShown() {
        Set<MinerRule> noText = EnumSet.copyOf(MinerRule.DEFAULTS);
        noText.removeAll(
                EnumSet.of(
                        MinerRule.KEEP_PUNCTUATION,
                        MinerRule.COLON_SEPARATES,
                        MinerRule.WHOLE_IDS));
        TemplateMiner plain = TemplateMiners.create(MinerConfig.DEFAULT.withRules(noText));
        TemplateMiner shown = TemplateMiners.createDefault();
        String line = "Finished task 0.0 in stage 1.0 (TID 305). 2087 bytes result sent to driver";
        Match a = plain.add(line);
        Match b = shown.add(line);
        assertThat(a.pattern()).isNotEqualTo(b.pattern());
        assertThat(a.templateId()).isEqualTo(b.templateId());
    }

    @Test
    void aRuleThatDoesNotTouchALineDoesNotChangeItsId() {
        String line = "Accepted password for root from 10.0.0.7 port 40123 ssh2";
        String id = idOfFirstLine(TemplateMiners.createDefault(), line);
        for (MinerRule r : EnumSet.of(MinerRule.HEX_WORDS, MinerRule.DATES, MinerRule.PATHS)) {
            TemplateMiner without = TemplateMiners.create(MinerConfig.DEFAULT.with(r, false));
            assertThat(idOfFirstLine(without, line)).as("without " + r).isEqualTo(id);
        }
        // A rule that does touch it changes the key, and so the id.
        TemplateMiner noUnits =
                TemplateMiners.create(MinerConfig.DEFAULT.with(MinerRule.UNITS, false));
        String withUnit = "took 12 ms to start";
        assertThat(idOfFirstLine(noUnits, withUnit))
                .isNotEqualTo(idOfFirstLine(TemplateMiners.createDefault(), withUnit));
    }
}
