package dev.orgalytics.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** One Grafana dashboard file of {@code grafana-dashboards/dashboards}, read as plain JSON. */
record Dashboard(Path file, JsonNode json) {

    static final String DIRECTORY = "grafana-dashboards/dashboards";

    /** {@code label_values(<series selector>, <label>)}, Grafana's Prometheus variable query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

    /** A query of a panel: where it comes from, for messages, and what it asks. */
    record Query(String dashboard, int panelId, String panelTitle, String panelType, String refId, String expr,
                 boolean instant) {
        @Override
        public String toString() {
            return "dashboard \"" + dashboard + "\", panel " + panelId + " \"" + panelTitle + "\", query " + refId + ": " + expr;
        }
    }

    /** A query variable's {@code label_values(selector, label)}. */
    record LabelValuesQuery(String dashboard, String variable, String selector, String label) {
        @Override
        public String toString() {
            return "dashboard \"" + dashboard + "\", variable $" + variable + ": label_values(" + selector + ", " + label + ")";
        }
    }

    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(Repo.path(DIRECTORY))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .map(f -> new Dashboard(f, Repo.json(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uid() {
        return json.path("uid").asText(null);
    }

    String title() {
        return json.path("title").asText();
    }

    /** Every panel, rows included, and the panels nested in collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    static boolean isRow(JsonNode panel) {
        return "row".equals(panel.path("type").asText());
    }

    /** Template variables by name. */
    Map<String, JsonNode> variables() {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        json.path("templating").path("list").forEach(v -> byName.put(v.path("name").asText(), v));
        return byName;
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            if (isRow(panel)) {
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Query(title(), panel.path("id").asInt(), panel.path("title").asText(),
                            panel.path("type").asText(), target.path("refId").asText(), target.path("expr").asText(),
                            target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false)));
                }
            }
        }
        return queries;
    }

    /** The query of every variable of type "query" (the object form Grafana writes, or a plain string). */
    List<LabelValuesQuery> labelValuesQueries() {
        List<LabelValuesQuery> queries = new ArrayList<>();
        for (JsonNode variable : variables().values()) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isTextual() ? query.asText() : query.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(text);
            if (!m.matches()) {
                throw new AssertionError(file.getFileName() + ": variable " + variable.path("name").asText()
                        + " is not a label_values(selector, label) query: " + text);
            }
            queries.add(new LabelValuesQuery(title(), variable.path("name").asText(), m.group(1).trim(), m.group(2)));
        }
        return queries;
    }

    /** Every string value anywhere in the dashboard (titles, queries, links, variables, ...). */
    List<String> strings() {
        List<String> strings = new ArrayList<>();
        walk(json, node -> {
            if (node.isTextual()) {
                strings.add(node.asText());
            }
        });
        return strings;
    }

    private static void walk(JsonNode node, Consumer<JsonNode> visitor) {
        visitor.accept(node);
        node.forEach(child -> walk(child, visitor));
    }
}
