package org.censpec.model.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.censpec.model.Finding;
import org.censpec.model.Rule;
import org.censpec.model.SourceLocation;
import org.junit.jupiter.api.Test;

/** One typed vocabulary: every rule a constant declared once, found by id, whatever was loaded first. */
class RuleCatalogTest {
    @Test
    void everyRuleIsDeclaredOnceAndFoundByItsId() {
        Set<String> ids = new HashSet<>();
        for (Rule r : RuleCatalog.all()) {
            assertTrue(ids.add(r.id()), "declared twice: " + r.id());
            assertSame(r, RuleCatalog.byId(r.id()).orElseThrow());
            assertTrue(r.id().matches("[a-z]+\\.[a-z]+(-[a-z]+)*"), r.id());
            assertTrue(!r.summary().isBlank() && !r.description().isBlank(), r.id());
        }
        assertTrue(RuleCatalog.byId("verify.nonsense").isEmpty());
    }

    @Test
    void theCatalogIsInKindOrder() {
        List<Rule> all = RuleCatalog.all();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(
                    all.get(i - 1).kind().compareTo(all.get(i).kind()) <= 0,
                    all.get(i).id());
        }
        assertEquals("spec.syntax", all.get(0).id());
    }

    /** The seam bug: a finding of verify.internal had kind SEMANTIC or VERIFY depending on load order. */
    @Test
    void identicalFindingsAreEqualAndKeepTheirRulesKind() {
        SourceLocation at = new SourceLocation("x.cen", 1, 1);
        Finding a = Finding.of(VerifyRules.INTERNAL, at, "boom");
        Finding b = Finding.of(VerifyRules.INTERNAL, at, "boom");
        assertEquals(a, b);
        assertEquals(Rule.Kind.VERIFY, a.rule().kind());
        assertSame(VerifyRules.INTERNAL, RuleCatalog.byId("verify.internal").orElseThrow());
    }

    @Test
    void kindsFollowTheIdsFamily() {
        for (Rule r : RuleCatalog.all()) {
            Rule.Kind expected = switch (r.id().substring(0, r.id().indexOf('.'))) {
                case "spec" -> Rule.Kind.SPEC;
                case "suppression" -> Rule.Kind.RUN;
                case "verify" -> Rule.Kind.VERIFY;
                case "observed" -> Rule.Kind.OBSERVED;
                default -> Rule.Kind.SEMANTIC;
            };
            assertEquals(expected, r.kind(), r.id());
        }
    }
}
