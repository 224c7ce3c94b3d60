package io.vigil.udfs.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers printed the way Prometheus' Go templates print them, so an annotation such as {@code
 * "value {{ $value }}"} reads the same from Vigil as from Prometheus: {@code %v} ({@code 0.5},
 * {@code 3}, {@code 1.234567e+06}, {@code 1e-05}, {@code +Inf}) and {@code %.Ng}.
 */
public final class GoFormat {
    private GoFormat() {}

    /**
     * Go's {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e6 ({@code
     * 123456}, but {@code 1.234567e+06}).
     */
    public static String v(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+Inf" : "-Inf";
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        return g(d, 6, true);
    }

    /**
     * Go's {@code %.{precision}g}: {@code precision} significant digits, trailing zeros removed.
     */
    public static String g(double x, int precision) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+Inf" : "-Inf";
        }
        if (x == 0) {
            return "0";
        }
        int p = precision == 0 ? 1 : precision;
        BigDecimal d =
                new BigDecimal(x)
                        .round(new MathContext(p, RoundingMode.HALF_EVEN))
                        .stripTrailingZeros();
        return g(d, p, false);
    }

    private static String g(BigDecimal d, int eprec, boolean shortest) {
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        int limit = eprec;
        if (!shortest && eprec > digits.length() && digits.length() >= exp + 1) {
            limit = digits.length();
        }
        String sign = d.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= limit) {
            StringBuilder b = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                b.append('0');
            }
            return b.append(a).toString();
        }
        return sign + d.abs().toPlainString();
    }
}
