package dev.cruciblesim.tracing.probe;

/** The shell-style globs DTrace accepts in probe descriptions (gmatch semantics). */
final class Glob {
    private Glob() {
    }

    static void validate(String pattern, String description) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (++i >= pattern.length()) {
                    throw new IllegalArgumentException("probe description '" + description + "' ends with a lone '\\'");
                }
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("probe description '" + description + "' has an unclosed '['");
                }
                i = close;
            }
        }
    }

    static boolean matches(String pattern, String value) {
        return match(pattern, 0, value, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*': {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?':
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    si++;
                    break;
                case '[': {
                    if (si >= s.length()) {
                        return false;
                    }
                    int close = p.indexOf(']', pi + 2);
                    boolean negate = p.charAt(pi + 1) == '!';
                    int from = negate ? pi + 2 : pi + 1;
                    boolean hit = false;
                    char ch = s.charAt(si);
                    for (int k = from; k < close; k++) {
                        if (k + 2 < close && p.charAt(k + 1) == '-') {
                            if (ch >= p.charAt(k) && ch <= p.charAt(k + 2)) {
                                hit = true;
                            }
                            k += 2;
                        } else if (p.charAt(k) == ch) {
                            hit = true;
                        }
                    }
                    if (hit == negate) {
                        return false;
                    }
                    pi = close + 1;
                    si++;
                    break;
                }
                default: {
                    // An escaped character matches itself, like any other literal.
                    if (c == '\\') {
                        c = p.charAt(++pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }
}
