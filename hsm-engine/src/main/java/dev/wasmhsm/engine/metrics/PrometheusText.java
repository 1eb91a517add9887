package dev.wasmhsm.engine.metrics;

import java.util.Locale;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): a {@code # HELP} and a {@code # TYPE}
 * line per family, then one sample a line. Label values are escaped as the format asks.
 */
public final class PrometheusText {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(8192);

    /**
     * Starts a metric family.
     *
     * @param name the family's name.
     * @param type counter, gauge or histogram.
     * @param help what it measures.
     * @return this.
     */
    public PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');

        return this;
    }

    /**
     * Writes one sample.
     *
     * @param name the sample's name.
     * @param value the value.
     * @param labels label names and values, alternating.
     * @return this.
     */
    public PrometheusText sample(String name, double value, String... labels) {
        text.append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                text.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
                escape(labels[i + 1]);
                text.append('"');
            }
            text.append('}');
        }
        text.append(' ').append(number(value)).append('\n');

        return this;
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '"' -> text.append("\\\"");
                case '\n' -> text.append("\\n");
                default -> text.append(c);
            }
        }
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }

        return String.format(Locale.ROOT, "%.9g", value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
