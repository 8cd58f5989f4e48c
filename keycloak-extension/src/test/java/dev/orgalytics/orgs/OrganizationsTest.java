package dev.orgalytics.orgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OrganizationsTest {

    @Test
    void aScopeNamingOneOrganizationAsksForIt() {
        assertEquals("acme", Organizations.scopedAlias("openid organization:acme"));
        assertEquals("acme", Organizations.scopedAlias("  organization:acme   email "));
        assertEquals("a:b", Organizations.scopedAlias("organization:a:b"));
    }

    @Test
    void aScopeNamingNoneOrSeveralAsksForNone() {
        assertNull(Organizations.scopedAlias(null));
        assertNull(Organizations.scopedAlias(""));
        assertNull(Organizations.scopedAlias("openid email"));
        assertNull(Organizations.scopedAlias("organization"));
        assertNull(Organizations.scopedAlias("organization:*"));
        assertNull(Organizations.scopedAlias("organization:"));
        assertNull(Organizations.scopedAlias("organization:acme organization:globex"));
        assertNull(Organizations.scopedAlias("organizational:acme"));
    }

    @Test
    void theTokenClaimIsAListOrAnObjectOfAliases() {
        assertEquals(List.of("acme", "globex"), Organizations.claimedAliases(List.of("acme", "globex")));
        assertEquals(List.of("acme"), Organizations.claimedAliases(Map.of("acme", Map.of("id", "1"))));
        assertEquals(List.of("acme"), Organizations.claimedAliases("acme"));
        assertEquals(List.of(), Organizations.claimedAliases(42));
        assertEquals(List.of(), Organizations.claimedAliases(null));
    }
}
