package dev.cruciblesim.tracing.dtrace;

/**
 * Expected DTrace output from the format spec: the §10 test vectors pasted verbatim, and the two
 * other records of the §10 "bonus" perfgw run (the seed's write and read histograms with the
 * trailing spaces the README stripped put back).
 */
public final class SpecVectors {
    private SpecVectors() {
    }

    public static final String V1_FLUSH_CLIENT_1 =
            "  flush for downstairs client                                       1\n" +
            "           value  ------------- Distribution ------------- count    \n" +
            "          262144 |                                         0        \n" +
            "          524288 |@                                        19       \n" +
            "         1048576 |@@@@@                                    134      \n" +
            "         2097152 |@@@@@@@@@@@@                             317      \n" +
            "         4194304 |@@@@@@@@@@@@@@@@@@@@                     502      \n" +
            "         8388608 |@@                                       46       \n" +
            "        16777216 |                                         5        \n" +
            "        33554432 |                                         2        \n" +
            "        67108864 |                                         0        \n" +
            "\n";

    public static final String V2_READ_CLIENT_2 =
            "  read for downstairs client                                        2\n" +
            "           value  ------------- Distribution ------------- count    \n" +
            "          131072 |                                         0        \n" +
            "          262144 |@@@                                      204      \n" +
            "          524288 |@@@@                                     283      \n" +
            "         1048576 |@@@@                                     271      \n" +
            "         2097152 |@@@@@@                                   442      \n" +
            "         4194304 |@@@@@@@@@                                647      \n" +
            "         8388608 |@@@@@@@@@                                658      \n" +
            "        16777216 |@@@@@@                                   447      \n" +
            "        33554432 |@                                        46       \n" +
            "        67108864 |                                         0        \n" +
            "       134217728 |                                         2        \n" +
            "       268435456 |                                         0        \n" +
            "\n";

    public static final String V3_PERFGW_FLUSH =
            "  flush                                             \n" +
            "           value  ------------- Distribution ------------- count    \n" +
            "          524288 |                                         0        \n" +
            "         1048576 |                                         1        \n" +
            "         2097152 |                                         0        \n" +
            "         4194304 |                                         0        \n" +
            "         8388608 |                                         0        \n" +
            "        16777216 |                                         0        \n" +
            "        33554432 |@@@@@@@@@@@@@@                           353      \n" +
            "        67108864 |@@@@@@@@@@@@@@@@@@@@@@@@@@               647      \n" +
            "       134217728 |                                         0        \n" +
            "\n";

    public static final String BONUS_WRITE =
            "  write                                             \n" +
            "           value  ------------- Distribution ------------- count    \n" +
            "        16777216 |                                         0        \n" +
            "        33554432 |@@@@@@@@@@@@@@                           355      \n" +
            "        67108864 |@@@@@@@@@@@@@@@@@@@@@@@@@@               645      \n" +
            "       134217728 |                                         0        \n" +
            "\n";

    public static final String BONUS_READ =
            "  read                                              \n" +
            "           value  ------------- Distribution ------------- count    \n" +
            "        16777216 |                                         0        \n" +
            "        33554432 |@@@@@@@@@@@@@@                           353      \n" +
            "        67108864 |@@@@@@@@@@@@@@@@@@@@@@@@@@               647      \n" +
            "       134217728 |                                         0        \n" +
            "\n";
}
