/**
 * Scenario files: one validated, immutable {@link dev.cruciblesim.bench.scenario.Scenario} per run, loaded from YAML
 * plus command-line overrides, with every error naming the file, the line and the key path.
 *
 * <pre>
 * scenario.yaml ──YamlTreeReader──▶ located tree ──ScenarioLoader.apply──▶ tree + overrides ──ScenarioBinder──▶ Scenario
 *   (YAMLParser tokens: keys keep         (--queue-depth 4, --set k=v:               (defaults, units, latency
 *    their line, duplicates refused)        maps created as needed)                   models, cross-field checks)
 * </pre>
 *
 * <p>The binder is in parts, each reading {@code Field}s of {@code Section}s, which word their own errors, against
 * the keys and defaults of {@code ScenarioSchema}:
 * <pre>
 * ScenarioBinder (top level, volume, upstairs, reports, output)
 *   ├── DownstairsBinder (all merged under 0, 1, 2) ──┐
 *   ├── LatencyModelBinder (upstairs.processing) ◀────┘
 *   └── JobBinder (workload, jobs) ── IoRegionBinder (bs*, offset, size), ReplayBinder (read_iolog, replay_*)
 * </pre>
 *
 * <p>The YAML is walked token by token rather than data-bound, because data binding forgets where a value came from
 * and a scenario error must say {@code scenarios/x.yaml:9: workload.iodepth: ...}.
 */
package dev.cruciblesim.bench.scenario;
