package dev.orgalytics.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metricNamesOfAggregationsOverRates() {
        assertEquals(Set.of("org_analytics_logins_total"), PromQl.metricNames(
                "sum by (outcome) (rate(org_analytics_logins_total{realm=\"$realm\"}[$__rate_interval])) * 60"));
        assertEquals(Set.of("a_total"), PromQl.metricNames("sum(rate(a_total[5m])) by (job, instance)"));
        assertEquals(Set.of("a_total"), PromQl.metricNames("sum without(instance)(increase(a_total[1h] offset 1d))"));
    }

    @Test
    void labelNamesValuesAndMatchersAreNotMetrics() {
        assertEquals(Set.of("m"), PromQl.metricNames("m{window=\"7d\", realm=~\"a|b}\", period!='x'}"));
        assertEquals(Set.of("m"), PromQl.metricNames("max by (rank, username) (m{realm=\"${realm}\"})"));
        assertEquals(Set.of(), PromQl.metricNames("{__name__=\"m\"}"));
    }

    @Test
    void binaryOperationsMatchingAndLiterals() {
        assertEquals(Set.of("a", "b"), PromQl.metricNames("a / on(realm) group_left(client) b > bool 0.5e-3"));
        assertEquals(Set.of("a", "b"), PromQl.metricNames("a and b or vector(1)"));
        assertEquals(Set.of("a", "c_x"), PromQl.metricNames("a unless on() c_x{x=\"1\"} == 0x1f"));
        assertEquals(Set.of("m"), PromQl.metricNames("max(m) or on() vector(1)"));
        assertEquals(Set.of("m"), PromQl.metricNames("time() - max(m)"));
        assertEquals(Set.of("m"), PromQl.metricNames("topk(15, max by (action) (m))"));
        assertEquals(Set.of("m", "ns:rule:rate5m"), PromQl.metricNames("m + ns:rule:rate5m @ end()"));
    }

    @Test
    void substitutionReplacesEverySyntaxAndRefusesUnknownVariables() {
        Map<String, String> values = Map.of("realm", "acme", "__rate_interval", "30s");
        assertEquals("m{realm=\"acme\"}[30s] acme acme", PromQl.substitute("m{realm=\"$realm\"}[$__rate_interval] ${realm} [[realm]]", values));
        assertThrows(IllegalArgumentException.class, () -> PromQl.substitute("m[$__range]", values));
        assertEquals("no variables $ here", PromQl.substitute("no variables $ here", values));
    }

    @Test
    void variablesInEveryGrafanaSyntax() {
        assertEquals(Set.of("realm", "__rate_interval", "datasource", "client", "old"), PromQl.variables(
                "m{realm=\"$realm\"}[$__rate_interval] ${datasource} ${client:regex} [[old]] $realm"));
        assertEquals(List.of(), List.copyOf(PromQl.variables("{{outcome}} costs 5 $ and ${ unfinished")));
    }
}
