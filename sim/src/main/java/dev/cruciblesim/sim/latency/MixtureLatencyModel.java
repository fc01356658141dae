package dev.cruciblesim.sim.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks a component by weight, then draws from it with the same stream: a fast path with
 * occasional slow ones ("bimodal"), or several captured distributions in known proportions.
 */
final class MixtureLatencyModel extends DescribedLatencyModel {
    private final LatencyModel[] components;
    /** cumulativeWeights[i] = weights[0] + ... + weights[i]; the last one is the total. */
    private final double[] cumulativeWeights;
    private final double totalWeight;
    private final double meanNs;

    MixtureLatencyModel(List<WeightedModel> weightedModels) {
        super(describe(weightedModels));
        int n = weightedModels.size();
        components = new LatencyModel[n];
        cumulativeWeights = new double[n];
        double sum = 0.0;
        double weightedMeanSum = 0.0;
        for (int i = 0; i < n; i++) {
            WeightedModel component = weightedModels.get(i);
            components[i] = component.model();
            sum += component.weight();
            cumulativeWeights[i] = sum;
            weightedMeanSum += component.weight() * component.model().meanNs();
        }
        totalWeight = sum;
        meanNs = weightedMeanSum / sum;
    }

    private static Map<String, Object> describe(List<WeightedModel> weightedModels) {
        List<Object> describedComponents = new ArrayList<>(weightedModels.size());
        for (WeightedModel component : weightedModels) {
            Map<String, Object> describedComponent = new LinkedHashMap<>();
            describedComponent.put("weight", component.weight());
            describedComponent.put("model", component.model().describe());
            describedComponents.add(Descriptions.readOnly(describedComponent));
        }
        return Descriptions.of("mixture", "components", List.copyOf(describedComponents));
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        double ticket = random.nextDouble() * totalWeight;
        int lo = 0;
        int hi = cumulativeWeights.length - 1;
        // The first component whose cumulative weight exceeds the ticket; the last one catches
        // a ticket that rounding pushed onto the total.
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulativeWeights[mid] > ticket) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return components[lo].sampleNs(random);
    }

    @Override
    public double meanNs() {
        return meanNs;
    }
}
