package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.policy.RevisionOPolicy;
import dev.cruciblesim.upstairs.policy.UpstairsPolicies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.error;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.set;
import static dev.cruciblesim.bench.scenario.ScenarioFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code upstairs.policy} names the revision's rules; the upstairs the harness builds follows it. */
class ScenarioUpstairsPolicyTest {
    @Test
    void shouldDefaultToTheUpstairsDefaultPolicy() {
        assertSame(UpstairsPolicies.DEFAULT, ScenarioLoader.defaults().upstairs().policy());
        assertSame(UpstairsPolicies.DEFAULT, yaml("upstairs: {max_in_flight: 8}\n").upstairs().policy());
    }

    @Test
    void shouldTakeANamedPolicy() {
        assertSame(RevisionOPolicy.INSTANCE, yaml("upstairs:\n  policy: o\n").upstairs().policy());
        assertSame(RevisionOPolicy.INSTANCE, yaml("", set("upstairs.policy", "o")).upstairs().policy());
        assertSame(RevisionOPolicy.INSTANCE, ScenarioLoader.load(null,
                List.of(ScenarioOverride.set("upstairs.policy=o"))).upstairs().policy());
    }

    @Test
    void shouldRefuseAnUnknownPolicyNamingTheKnownOnes() {
        assertEquals("scenarios/x.yaml:2: upstairs.policy: unknown policy 'h'; known: o",
                error("seed: 1\nupstairs: {policy: h}\n"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(null,
                List.of(ScenarioOverride.set("upstairs.policy=h"))));
        assertEquals("--set: upstairs.policy: unknown policy 'h'; known: o", e.getMessage());
        assertEquals("scenarios/x.yaml:1: upstairs.policy: must be a policy name, one of o, got a list",
                error("upstairs: {policy: [o]}\n"));
    }

    @Test
    void shouldDescribeThePolicyFirst() {
        Map<String, Object> upstairs = yaml("upstairs: {policy: o}\n").upstairs().describe();
        assertEquals("policy", new ArrayList<>(upstairs.keySet()).get(0));
        assertEquals("o", upstairs.get("policy"));
    }

    @Test
    void shouldConfigureTheUpstairsWithIt() {
        UpstairsConfig config = VolumeAssembly.upstairsConfig(yaml("upstairs: {policy: o}\n"));
        assertSame(RevisionOPolicy.INSTANCE, config.policy());
        assertEquals(UpstairsConfig.revisionO(VolumeAssembly.UPSTAIRS_INSTANCE_ID),
                VolumeAssembly.upstairsConfig(ScenarioLoader.defaults()), "no scenario: the upstairs' own defaults");
    }
}
