package io.vigil.udfs.forecast;

import java.util.Locale;

/** How forecasts are written for people: in alert annotations, documents' messages, reports. */
public final class ForecastText {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private ForecastText() {}

    /**
     * A duration in its two largest units, rounded down to minutes: {@code 2d3h}, {@code 1h5m},
     * {@code 42m}, {@code 7d}; below a minute {@code 0m}.
     */
    public static String duration(long millis) {
        long[] units = {DAY, HOUR, MINUTE};
        String[] names = {"d", "h", "m"};
        StringBuilder b = new StringBuilder();
        long left = Math.max(0, millis);
        int written = 0;
        for (int i = 0; i < units.length && written < 2; i++) {
            long n = left / units[i];
            left %= units[i];
            if (n > 0 || (written > 0)) {
                if (n > 0) {
                    b.append(n).append(names[i]);
                }
                written++;
            }
        }
        return b.length() == 0 ? "0m" : b.toString();
    }

    /**
     * A value with at most four significant digits, trailing zeros dropped ({@code 0.9}, {@code
     * 0.8123}, {@code 412}); {@code unknown} if not a number.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "unknown";
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "");
            s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return s;
    }

    /** A probability in whole percent: {@code 69%}. */
    public static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * p);
    }
}
