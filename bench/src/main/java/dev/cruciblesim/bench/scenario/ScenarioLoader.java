package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.Node.Entry;
import dev.cruciblesim.bench.scenario.Node.MapNode;
import dev.cruciblesim.bench.scenario.Node.ScalarNode;
import dev.cruciblesim.sim.io.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@link Scenario}: the YAML file (every key optional), then the command-line overrides in order, then one
 * validation of the result. Errors are {@link ScenarioException}s with one-line messages naming the file and line,
 * or the option, and the dotted key path.
 *
 * <p>Example, as the CLI would call it:
 * <pre>{@code
 * Scenario s = ScenarioLoader.load(Path.of("scenarios/healthy.yaml"),
 *         List.of(new ScenarioOverride("workload.iodepth", "4", "--queue-depth")));
 * }</pre>
 */
public final class ScenarioLoader {
    /** The name of a scenario that has no file and no {@code name:} override. */
    public static final String DEFAULT_NAME = "default";
    /** Larger files are not scenarios (a capture named by mistake); SnakeYAML would refuse them at 3 MB anyway. */
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern YAML_SUFFIX = Pattern.compile("\\.ya?ml$");
    /** scenarios/healthy.yaml, copied into the jar by the build (bench/pom.xml). */
    private static final String VIRTUAL_MODELS_RESOURCE = "healthy.yaml";
    /** What messages about the built-in models call their source. */
    private static final String VIRTUAL_MODELS_SOURCE = "built-in scenarios/healthy.yaml";

    private ScenarioLoader() {
    }

    /** @return the scenario a run without a file and without options gets: the CLI's defaults */
    public static Scenario defaults() {
        return load(null, List.of());
    }

    /**
     * @param fileOrNull the scenario file, or null for defaults plus overrides; its name (without {@code .yaml} or
     *                   {@code .yml}) is the scenario's name unless it has a {@code name:} key, and relative paths in
     *                   it resolve against its directory
     * @param overrides  applied in order over the file; a later one for the same key wins
     * @throws ScenarioException naming the file and line, or the option, and the key path
     */
    public static Scenario load(Path fileOrNull, List<ScenarioOverride> overrides) {
        if (fileOrNull == null) {
            return bind(defaultTree(overrides), DEFAULT_NAME, Origin.wholeFile("defaults"), Path.of(""), overrides);
        }
        String sourceName = fileOrNull.toString();
        String text = read(fileOrNull, sourceName);
        Path parent = fileOrNull.getParent();
        return bind(YamlTreeReader.readDocument(text, sourceName), nameFrom(fileOrNull), Origin.wholeFile(sourceName),
                parent == null ? Path.of("") : parent, overrides);
    }

    /**
     * The tree a run without a file starts from: empty in real time, where the machine's own
     * threads take time; in virtual time, where nothing would take any, the latency models of
     * {@code scenarios/healthy.yaml} (its links, service times and upstairs processing, not its
     * workload), which the options may then change like any key.
     */
    private static MapNode defaultTree(List<ScenarioOverride> overrides) {
        // Without a file only an override sets the clock; the last one for the key wins, an --unset restores real.
        String clock = null;
        for (ScenarioOverride override : overrides) {
            if (override.keyPath().equals("clock")) {
                clock = override.value();
            }
        }
        boolean virtual = clock != null && clock.strip().equals(ClockKind.VIRTUAL.yamlName());
        MapNode root = new MapNode(Origin.wholeFile("defaults"));
        if (!virtual) {
            return root;
        }
        MapNode models = YamlTreeReader.readDocument(builtIn(VIRTUAL_MODELS_RESOURCE), VIRTUAL_MODELS_SOURCE);
        Entry upstairs = models.get("upstairs");
        if (upstairs != null && upstairs.value() instanceof MapNode upstairsMap && upstairsMap.get("processing") != null) {
            MapNode processingOnly = new MapNode(upstairsMap.origin());
            processingOnly.put(upstairsMap.get("processing"));
            root.put(new Entry("upstairs", upstairs.keyOrigin(), processingOnly));
        }
        root.put(models.get("downstairs"));
        return root;
    }

    /**
     * Loads one of the shipped scenarios the build copies into the jar ({@code healthy.yaml},
     * {@code peer-simpy.yaml}; see bench/pom.xml), for runs that cannot count on the repository's
     * {@code scenarios/} directory being at hand, such as the JMH suite.
     */
    public static Scenario loadBuiltIn(String fileName, List<ScenarioOverride> overrides) {
        return loadText(builtIn(fileName), "built-in scenarios/" + fileName, null, overrides);
    }

    private static String builtIn(String resource) {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource + ", the built-in virtual-time models");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + resource, e);
        }
    }

    /**
     * Loads a scenario from text, for tests and for scenarios that are not files.
     *
     * @param sourceName what messages call the text ({@code scenarios/x.yaml}); the default name derives from it
     *                   as from a file name
     * @param baseDir    where relative paths (empirical captures) resolve; null for the working directory
     */
    public static Scenario loadText(String yaml, String sourceName, Path baseDir, List<ScenarioOverride> overrides) {
        MapNode root = YamlTreeReader.readDocument(yaml, sourceName);
        String defaultName = YAML_SUFFIX.matcher(sourceName).find() ? nameFrom(Path.of(sourceName)) : DEFAULT_NAME;
        return bind(root, defaultName, Origin.wholeFile(sourceName), baseDir == null ? Path.of("") : baseDir,
                overrides);
    }

    private static Scenario bind(MapNode root, String defaultName, Origin sourceOrigin, Path baseDir,
            List<ScenarioOverride> overrides) {
        for (ScenarioOverride override : overrides) {
            apply(root, override);
        }
        return new ScenarioBinder(defaultName, sourceOrigin, baseDir).bind(root);
    }

    /** A list item addressed by index in a key path: {@code jobs[1]}. */
    private static final Pattern INDEXED_KEY = Pattern.compile("(.+)\\[(\\d+)\\]");

    /**
     * Sets one key in the tree, creating the maps on its path as needed (and replacing a scalar that stands where a
     * map is needed), or removes it for an {@code --unset}. A list item is addressed by index ({@code
     * workload.jobs[1].iodepth}, from 0) or, for a list of named maps, by name ({@code workload.jobs.reader.iodepth}).
     * The new nodes carry the option as their origin, so errors name it instead of a line.
     */
    static void apply(MapNode root, ScenarioOverride override) {
        Origin origin = Origin.option(override.origin());
        if (override.keyPath().equals(ScenarioOverride.APPEND_FAULT)) {
            appendFault(root, override.value(), origin);
            return;
        }
        String[] keys = override.keyPath().split("\\.", -1);
        for (String key : keys) {
            if (key.isBlank()) {
                throw new ScenarioException(origin.prefix() + ": '" + override.keyPath() + "' is not a key path "
                        + "(keys joined by dots, e.g. workload.iodepth)");
            }
        }
        boolean removing = override.value() == null;
        MapNode map = root;
        for (int i = 0; i < keys.length - 1; i++) {
            Matcher indexed = INDEXED_KEY.matcher(keys[i]);
            Entry entry = map.get(indexed.matches() ? indexed.group(1) : keys[i]);
            if (indexed.matches()) {
                map = listItem(entry, indexed.group(2), override, origin);
            } else if (entry != null && entry.value() instanceof Node.ListNode list) {
                if (i == keys.length - 2) {
                    throw addressAKey(override, origin);
                }
                map = namedItem(list, keys[++i], override, origin);
            } else if (entry != null && entry.value() instanceof MapNode child) {
                map = child;
            } else if (removing) {
                return;
            } else {
                MapNode child = new MapNode(origin);
                map.put(new Entry(keys[i], origin, child));
                map = child;
            }
        }
        String last = keys[keys.length - 1];
        if (INDEXED_KEY.matcher(last).matches()) {
            throw addressAKey(override, origin);
        }
        if (removing) {
            map.remove(last);
            return;
        }
        String value = override.value();
        String trimmed = value.strip();
        Node node = trimmed.startsWith("{") || trimmed.startsWith("[")
                ? YamlTreeReader.readOptionValue(value, origin, override.keyPath())
                : new ScalarNode(origin, value);
        map.put(new Entry(last, origin, node));
        if (override.everyJob() && keys.length == 2 && keys[0].equals("workload")) {
            reachEveryJob(map, last);
        }
    }

    /**
     * {@code --fault KIND,key=value,...}: one more item at the end of the {@code faults} list (made if absent), its
     * keys those of a fault in the file, so the binder checks both alike. The first item may be the bare kind.
     */
    private static void appendFault(MapNode root, String spec, Origin origin) {
        String example = "e.g. disconnect,client=1,at=2s,duration=3s";
        if (spec == null || spec.isBlank()) {
            throw new ScenarioException(origin.prefix() + ": expected KIND,key=value,... (" + example + "), got '"
                    + (spec == null ? "" : spec) + "'");
        }
        MapNode fault = new MapNode(origin);
        String[] parts = spec.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int equals = part.indexOf('=');
            String key;
            String value;
            if (equals < 0 && i == 0) {
                key = "kind";
                value = part;
            } else if (equals <= 0) {
                throw new ScenarioException(origin.prefix() + ": '" + part + "' in '" + spec + "' is not key=value ("
                        + example + ")");
            } else {
                key = part.substring(0, equals).strip();
                value = part.substring(equals + 1).strip();
            }
            if (fault.get(key) != null) {
                throw new ScenarioException(origin.prefix() + ": '" + spec + "' gives " + key + " twice");
            }
            fault.put(new Entry(key, origin, new ScalarNode(origin, value)));
        }
        Entry faults = root.get("faults");
        List<Node> items = new java.util.ArrayList<>();
        if (faults != null && faults.value() instanceof Node.ListNode list) {
            items.addAll(list.items());
        } else if (faults != null && !(faults.value() instanceof ScalarNode scalar && scalar.text() == null)) {
            // Not a list: leave it for the binder to refuse where the file wrote it.
            return;
        }
        items.add(fault);
        Origin listOrigin = faults == null ? origin : faults.keyOrigin();
        root.put(new Entry("faults", listOrigin, new Node.ListNode(listOrigin, items)));
    }

    /** A path that ends at a list item: only a key of the item can be set. */
    private static ScenarioException addressAKey(ScenarioOverride override, Origin origin) {
        return new ScenarioException(origin.prefix() + ": " + override.keyPath() + ": address a key of the item, e.g. "
                + override.keyPath() + ".iodepth");
    }

    /** @param indexDigits the index as written: digits, possibly more than an int holds */
    private static MapNode listItem(Entry entry, String indexDigits, ScenarioOverride override, Origin origin) {
        if (entry == null || !(entry.value() instanceof Node.ListNode list)) {
            throw new ScenarioException(origin.prefix() + ": " + override.keyPath() + ": there is no list to index");
        }
        // Nine digits always fit an int; a longer index is past the end of any list a file can hold.
        String digits = indexDigits.replaceFirst("^0+(?=\\d)", "");
        int index = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (index >= list.items().size() || !(list.items().get(index) instanceof MapNode item)) {
            throw new ScenarioException(origin.prefix() + ": " + override.keyPath() + ": the list has "
                    + list.items().size() + " items, indexed from 0");
        }
        return item;
    }

    private static MapNode namedItem(Node.ListNode list, String name, ScenarioOverride override, Origin origin) {
        List<String> names = new java.util.ArrayList<>();
        for (Node item : list.items()) {
            if (item instanceof MapNode map && map.get("name") != null
                    && map.get("name").value() instanceof ScalarNode scalar) {
                if (scalar.text().strip().equals(name)) {
                    return map;
                }
                names.add(scalar.text().strip());
            }
        }
        throw new ScenarioException(origin.prefix() + ": " + override.keyPath() + ": no item named '" + name + "'"
                + (names.isEmpty() ? "; the items have no names, so address them by index ([0], [1], ...)"
                        : "; the names are " + String.join(", ", names)));
    }

    /**
     * The command line wins over the file for every job: {@code key} just set on the workload is
     * removed from each job, so they all inherit it, and what it replaces goes from the workload and
     * the jobs ({@link ScenarioSchema#replacedBy}), so that the value set is the one that counts.
     */
    private static void reachEveryJob(MapNode workload, String key) {
        List<String> replaced = ScenarioSchema.replacedBy(key);
        replaced.forEach(workload::remove);
        Entry jobs = workload.get("jobs");
        if (jobs != null && jobs.value() instanceof Node.ListNode list) {
            for (Node job : list.items()) {
                if (job instanceof MapNode jobMap) {
                    jobMap.remove(key);
                    replaced.forEach(jobMap::remove);
                }
            }
        }
    }

    private static String read(Path file, String sourceName) {
        try {
            return InputFiles.readString(file, MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new ScenarioException(sourceName + ": cannot read: " + InputFiles.reasonOf(e), e);
        }
    }

    private static String nameFrom(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? file.toString() : fileName.toString();
        return YAML_SUFFIX.matcher(name).replaceFirst("");
    }
}
