package io.vigil.local.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of KQL (Kibana Query Language) Vigil's saved objects use, turned into the
 * Elasticsearch query Kibana 7.10 sends for it: {@code field:value} ({@code match}), {@code
 * field:"value"} ({@code match_phrase}), {@code field:*} ({@code exists}), {@code field >= n} (and
 * {@code >}, {@code <=}, {@code <}: {@code range}), {@code and}, {@code not}, parentheses. Anything
 * else (notably {@code or} and wildcards inside values) is refused, so a saved object that starts
 * using more of KQL fails the test that translates it instead of being checked wrongly.
 */
final class Kql {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private int pos;

    private Kql(String text) {
        this.text = text;
    }

    /** The query for a KQL string; {@code match_all} for an empty one. */
    static ObjectNode toQuery(String kql) {
        if (kql.isBlank()) {
            ObjectNode all = JSON.createObjectNode();
            all.putObject("match_all");
            return all;
        }
        Kql parser = new Kql(kql);
        ObjectNode q = parser.expression();
        parser.skipSpace();
        if (parser.pos != kql.length()) {
            throw parser.error("unexpected input");
        }
        return q;
    }

    private ObjectNode expression() {
        List<ObjectNode> clauses = new ArrayList<>();
        clauses.add(term());
        while (keyword("and")) {
            clauses.add(term());
        }
        skipSpace();
        if (peekWord().equals("or")) {
            throw error("'or' is not in the supported subset");
        }
        if (clauses.size() == 1) {
            return clauses.get(0);
        }
        ObjectNode bool = JSON.createObjectNode();
        ArrayNode filter = bool.putObject("bool").putArray("filter");
        clauses.forEach(filter::add);
        return bool;
    }

    private ObjectNode term() {
        if (keyword("not")) {
            ObjectNode not = JSON.createObjectNode();
            not.putObject("bool").putArray("must_not").add(term());
            return not;
        }
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            ObjectNode inner = expression();
            skipSpace();
            expect(')');
            return inner;
        }
        return clause();
    }

    private ObjectNode clause() {
        skipSpace();
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos))
                        || "._@".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        String field = text.substring(start, pos);
        if (field.isEmpty()) {
            throw error("a field name was expected");
        }
        skipSpace();
        for (String op : List.of(">=", "<=", ">", "<")) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                skipSpace();
                String number = bare();
                ObjectNode range = JSON.createObjectNode();
                String es =
                        switch (op) {
                            case ">=" -> "gte";
                            case "<=" -> "lte";
                            case ">" -> "gt";
                            default -> "lt";
                        };
                range.putObject("range").putObject(field).put(es, Double.parseDouble(number));
                return range;
            }
        }
        expect(':');
        skipSpace();
        ObjectNode q = JSON.createObjectNode();
        if (pos < text.length() && text.charAt(pos) == '"') {
            q.putObject("match_phrase").put(field, quoted());
        } else {
            String value = bare();
            if (value.equals("*")) {
                q.putObject("exists").put("field", field);
            } else if (value.contains("*")) {
                throw error("wildcards inside values are not in the supported subset");
            } else {
                q.putObject("match").put(field, value);
            }
        }
        return q;
    }

    private String quoted() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            out.append(c);
        }
        expect('"');
        return out.toString();
    }

    private String bare() {
        int start = pos;
        while (pos < text.length()
                && !Character.isWhitespace(text.charAt(pos))
                && text.charAt(pos) != ')') {
            pos++;
        }
        if (start == pos) {
            throw error("a value was expected");
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String word) {
        skipSpace();
        if (peekWord().equals(word)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private String peekWord() {
        int end = pos;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        boolean delimited =
                end == text.length()
                        || Character.isWhitespace(text.charAt(end))
                        || text.charAt(end) == '(';
        return delimited ? text.substring(pos, end).toLowerCase(java.util.Locale.ROOT) : "";
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("KQL " + what + " at " + pos + " in: " + text);
    }
}
