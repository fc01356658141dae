package dev.cruciblesim.tracing.d;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversions of a printf/printa format, read only to type-check the arguments at compile
 * time; {@link dev.cruciblesim.tracing.dtrace.PrintFormat} does the formatting.
 */
final class FormatConversions {
    /** One conversion: its letter and whether it carries D's {@code @} (an aggregation value). */
    record Conversion(char letter, boolean aggregation, String text) {
        boolean wantsString() {
            return letter == 's';
        }

        /** The unsigned conversions print a narrow argument's bits at its own width. */
        boolean unsigned() {
            return "uoxX".indexOf(letter) >= 0;
        }
    }

    private FormatConversions() {
    }

    static List<Conversion> scan(String format) {
        List<Conversion> conversions = new ArrayList<>();
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) != '%') {
                continue;
            }
            int start = i++;
            if (i < format.length() && format.charAt(i) == '%') {
                continue;
            }
            boolean aggregation = false;
            while (i < format.length() && "-+ #0@123456789.hlLqjzt".indexOf(format.charAt(i)) >= 0) {
                aggregation |= format.charAt(i) == '@';
                i++;
            }
            if (i < format.length()) {
                conversions.add(new Conversion(format.charAt(i), aggregation, format.substring(start, i + 1)));
            }
        }
        return conversions;
    }
}
