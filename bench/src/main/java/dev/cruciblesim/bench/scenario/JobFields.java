package dev.cruciblesim.bench.scenario;

/**
 * A job's view of the keys: its own map first, then the workload level (fio's [global]). Paths in messages are
 * those of the map the value came from.
 *
 * @param own    the job's map in the jobs list, or null for the single job of a workload without one
 * @param global the workload section
 */
record JobFields(Section own, Section global) {
    Field field(String key) {
        Field field = own == null ? null : own.field(key);
        return field != null ? field : global.field(key);
    }

    Field ownField(String key) {
        return own == null ? null : own.field(key);
    }

    /** @return the key as the job itself wrote it, or as the workload wrote it when there is no jobs list */
    Field writtenHere(String key) {
        return own == null ? global.field(key) : own.field(key);
    }

    /**
     * A group of keys that together decide one thing (the IO sizes, say): if the job writes any of them, only the
     * job's are read, so a job's bsrange overrides an inherited bssplit instead of clashing with it.
     */
    JobFields group(java.util.List<String> keys) {
        if (own != null) {
            for (String key : keys) {
                if (own.field(key) != null) {
                    return new JobFields(own, global.emptied());
                }
            }
        }
        return this;
    }

    String path() {
        return own == null ? global.path() : own.path();
    }
}
