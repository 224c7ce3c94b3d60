package io.vigil.udfs.model;

/**
 * One OTLP metric data point of any of the five kinds, with its metric's metadata, resource and
 * instrumentation scope. Fields that do not apply to the point's {@link #type()} hold their
 * "absent" value: {@code NaN}, {@code 0} or an empty array.
 *
 * <p>The series a point belongs to is (resource, scope, name, attributes). Decoders guarantee a
 * non-empty {@code name} and {@code timeUnixNano > 0}.
 *
 * @param name metric name, e.g. {@code http.server.request.duration}
 * @param description metric description, {@code ""} if none
 * @param unit UCUM unit, e.g. {@code ms}, {@code By}, {@code 1}; {@code ""} if none
 * @param type which OTLP data kind the point came from
 * @param temporality aggregation temporality of sums and (exponential) histograms; {@code
 *     UNSPECIFIED} for gauges and summaries
 * @param monotonic {@code Sum.is_monotonic}; {@code false} for every other type
 * @param startTimeUnixNano start of the aggregation interval, Unix epoch nanoseconds, {@code 0} if
 *     not set
 * @param timeUnixNano the point's timestamp, Unix epoch nanoseconds
 * @param attributes point attributes (the series dimensions), in message order
 * @param value gauge or sum value ({@code asInt} converted to double); {@code NaN} for other types
 *     and for points flagged "no recorded value"
 * @param count number of observations of a histogram, exponential histogram or summary; {@code 0}
 *     otherwise
 * @param sum sum of observations; {@code NaN} when absent or not applicable
 * @param min minimum observation of a (exponential) histogram; {@code NaN} when absent
 * @param max maximum observation of a (exponential) histogram; {@code NaN} when absent
 * @param explicitBounds histogram bucket upper bounds (exclusive of the last, +Inf bucket)
 * @param bucketCounts histogram bucket counts, {@code explicitBounds.length + 1} of them (or none)
 * @param scale exponential histogram scale (bucket base = 2^(2^-scale))
 * @param zeroCount exponential histogram count of values in the zero bucket
 * @param positiveOffset index of the first positive bucket
 * @param positiveBucketCounts counts of consecutive positive buckets from {@code positiveOffset}
 * @param negativeOffset index of the first negative bucket
 * @param negativeBucketCounts counts of consecutive negative buckets from {@code negativeOffset}
 * @param quantiles summary quantiles in [0, 1], paired with {@code quantileValues}
 * @param quantileValues summary values at {@code quantiles}
 * @param exemplarTraceIds trace ids (32 lowercase hex) of the point's exemplars that have one
 * @param flags {@code DataPointFlags}: bit 0 = no recorded value
 * @param resource resource attributes, in message order
 * @param scopeName instrumentation scope name, {@code ""} if none
 * @param scopeVersion instrumentation scope version, {@code ""} if none
 * @param serviceName the resource's {@code service.name}, {@code "unknown_service"} if absent
 */
public record MetricPoint(
        String name,
        String description,
        String unit,
        MetricType type,
        Temporality temporality,
        boolean monotonic,
        long startTimeUnixNano,
        long timeUnixNano,
        Attribute[] attributes,
        double value,
        long count,
        double sum,
        double min,
        double max,
        double[] explicitBounds,
        long[] bucketCounts,
        int scale,
        long zeroCount,
        int positiveOffset,
        long[] positiveBucketCounts,
        int negativeOffset,
        long[] negativeBucketCounts,
        double[] quantiles,
        double[] quantileValues,
        String[] exemplarTraceIds,
        int flags,
        Attribute[] resource,
        String scopeName,
        String scopeVersion,
        String serviceName) {

    /** {@code DataPointFlags.FLAG_NO_RECORDED_VALUE}: the point marks a gap, it has no value. */
    public static final int FLAG_NO_RECORDED_VALUE = 1;

    public MetricPoint {
        Fields.requireNonNull("name description unit", name, description, unit);
        Fields.requireNonNull("type temporality attributes", type, temporality, attributes);
        Fields.requireNonNull("explicitBounds bucketCounts", explicitBounds, bucketCounts);
        Fields.requireNonNull("positiveBucketCounts", positiveBucketCounts);
        Fields.requireNonNull("negativeBucketCounts quantiles", negativeBucketCounts, quantiles);
        Fields.requireNonNull("quantileValues exemplarTraceIds", quantileValues, exemplarTraceIds);
        Fields.requireNonNull("resource scopeName", resource, scopeName);
        Fields.requireNonNull("scopeVersion serviceName", scopeVersion, serviceName);
    }

    /** Whether the point is flagged as a gap ({@link #FLAG_NO_RECORDED_VALUE}). */
    public boolean noRecordedValue() {
        return (flags & FLAG_NO_RECORDED_VALUE) != 0;
    }

    /**
     * Starts a point of {@code type} named {@code name} at {@code timeUnixNano}. Every other field
     * starts "absent" ({@code NaN}, {@code 0}, {@code ""}, an empty array, temporality {@code
     * UNSPECIFIED}, service {@code "unknown_service"}) until the builder sets it, so a point kind
     * sets only the fields that apply to it.
     */
    public static Builder builder(String name, MetricType type, long timeUnixNano) {
        return new Builder(name, type, timeUnixNano);
    }

    /**
     * Builds a {@link MetricPoint} from the fields that apply to its kind; see {@link #builder}.
     */
    public static final class Builder {
        private static final double[] NO_DOUBLES = new double[0];
        private static final long[] NO_LONGS = new long[0];
        private static final String[] NO_STRINGS = new String[0];

        private final String name;
        private final MetricType type;
        private final long timeUnixNano;
        private String description = "";
        private String unit = "";
        private Temporality temporality = Temporality.UNSPECIFIED;
        private boolean monotonic;
        private long startTimeUnixNano;
        private Attribute[] attributes = Attribute.NONE;
        private double value = Double.NaN;
        private long count;
        private double sum = Double.NaN;
        private double min = Double.NaN;
        private double max = Double.NaN;
        private double[] explicitBounds = NO_DOUBLES;
        private long[] bucketCounts = NO_LONGS;
        private int scale;
        private long zeroCount;
        private int positiveOffset;
        private long[] positiveBucketCounts = NO_LONGS;
        private int negativeOffset;
        private long[] negativeBucketCounts = NO_LONGS;
        private double[] quantiles = NO_DOUBLES;
        private double[] quantileValues = NO_DOUBLES;
        private String[] exemplarTraceIds = NO_STRINGS;
        private int flags;
        private Attribute[] resource = Attribute.NONE;
        private String scopeName = "";
        private String scopeVersion = "";
        private String serviceName = "unknown_service";

        private Builder(String name, MetricType type, long timeUnixNano) {
            this.name = name;
            this.type = type;
            this.timeUnixNano = timeUnixNano;
        }

        /** The metric's description and unit. */
        public Builder metadata(String description, String unit) {
            this.description = description;
            this.unit = unit;
            return this;
        }

        /** Temporality of a sum or (exponential) histogram, and whether a sum is monotonic. */
        public Builder aggregation(Temporality temporality, boolean monotonic) {
            this.temporality = temporality;
            this.monotonic = monotonic;
            return this;
        }

        /** Start of the aggregation interval and the point's attributes. */
        public Builder series(long startTimeUnixNano, Attribute[] attributes) {
            this.startTimeUnixNano = startTimeUnixNano;
            this.attributes = attributes;
            return this;
        }

        /** The value of a gauge or sum. */
        public Builder value(double value) {
            this.value = value;
            return this;
        }

        /** Count, sum, min and max of a histogram, exponential histogram or summary. */
        public Builder stats(long count, double sum, double min, double max) {
            this.count = count;
            this.sum = sum;
            this.min = min;
            this.max = max;
            return this;
        }

        /** The explicit buckets of a histogram. */
        public Builder explicitBuckets(double[] explicitBounds, long[] bucketCounts) {
            this.explicitBounds = explicitBounds;
            this.bucketCounts = bucketCounts;
            return this;
        }

        /** The buckets of an exponential histogram. */
        public Builder exponentialBuckets(
                int scale,
                long zeroCount,
                int positiveOffset,
                long[] positiveBucketCounts,
                int negativeOffset,
                long[] negativeBucketCounts) {
            this.scale = scale;
            this.zeroCount = zeroCount;
            this.positiveOffset = positiveOffset;
            this.positiveBucketCounts = positiveBucketCounts;
            this.negativeOffset = negativeOffset;
            this.negativeBucketCounts = negativeBucketCounts;
            return this;
        }

        /** The quantiles of a summary, paired with their values. */
        public Builder quantiles(double[] quantiles, double[] quantileValues) {
            this.quantiles = quantiles;
            this.quantileValues = quantileValues;
            return this;
        }

        /** Exemplar trace ids and {@code DataPointFlags}. */
        public Builder extras(String[] exemplarTraceIds, int flags) {
            this.exemplarTraceIds = exemplarTraceIds;
            this.flags = flags;
            return this;
        }

        /** Where the point comes from: resource, instrumentation scope and service. */
        public Builder origin(
                Attribute[] resource, String scopeName, String scopeVersion, String serviceName) {
            this.resource = resource;
            this.scopeName = scopeName;
            this.scopeVersion = scopeVersion;
            this.serviceName = serviceName;
            return this;
        }

        public MetricPoint build() {
            return new MetricPoint(
                    name,
                    description,
                    unit,
                    type,
                    temporality,
                    monotonic,
                    startTimeUnixNano,
                    timeUnixNano,
                    attributes,
                    value,
                    count,
                    sum,
                    min,
                    max,
                    explicitBounds,
                    bucketCounts,
                    scale,
                    zeroCount,
                    positiveOffset,
                    positiveBucketCounts,
                    negativeOffset,
                    negativeBucketCounts,
                    quantiles,
                    quantileValues,
                    exemplarTraceIds,
                    flags,
                    resource,
                    scopeName,
                    scopeVersion,
                    serviceName);
        }
    }
}
