package io.vigil.local;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One simulated checkout request through the services, emitted as spans, logs and HTTP metrics with
 * explicit simulated timestamps.
 *
 * <pre>
 * frontend  SERVER  POST /api/checkout
 *   frontend CLIENT POST ─► checkout SERVER POST /checkout
 *                             checkout CLIENT GET            (cache, redis)
 *                             checkout CLIENT POST ─► payment SERVER POST /payments
 *                                                       payment CLIENT INSERT payments (database, postgresql)
 *                             checkout PRODUCER publish orders ─► shipping CONSUMER process orders
 * </pre>
 *
 * <p>Latencies are log-normal around fixed medians (milliseconds), 0.3 ms network hops. Faults:
 * {@link IncidentKind#LATENCY_REGRESSION} multiplies payment's database call by 4.8–7.2; {@link
 * IncidentKind#CPU_SATURATION} makes the service's own processing 1.8× slower (for {@code
 * database}: every query 8× slower); {@link IncidentKind#MEMORY_LEAK} slows its processing up to 2×
 * in the leak's second half (garbage collection, {@link HostState#gcPressure}); {@link
 * IncidentKind#NETWORK_DELAY} adds 20–30 ms to every packet that leaves the service (its calls and
 * its responses); {@link IncidentKind#ERROR_BURST} fails 35 % of checkout requests or of shipping's
 * order processing and {@link IncidentKind#DEPLOY_ERRORS} 25 % of checkout requests (HTTP 500,
 * exception event and error log); {@link IncidentKind#DISK_FILLING} of the database fails 30 % of
 * payment writes once the incident is {@link TelemetryGenerator#DISK_WRITES_FAIL_FROM 80 %} through
 * [start, end] (whatever its onset); {@link IncidentKind#DEPENDENCY_DOWN} of {@code cache} makes
 * every cache call fail at once (connection refused) and checkout then fails 70 % of orders with
 * HTTP 503, of {@code database} every payment write. Baseline error rates are 0.15 % (checkout) and
 * 0.2 % (payment). Every random draw comes from one seeded generator in a fixed order, so a seed
 * reproduces the same requests; draws a fault needs happen only while it is active, so a run
 * without such faults draws exactly as before they existed.
 */
final class CheckoutFlow {

    /** A failure with what an instrumented Java service would record for it. */
    enum Failure {
        POOL_EXHAUSTED(
                "java.util.concurrent.RejectedExecutionException",
                "order worker pool exhausted (32 of 32 threads busy, queue full)",
                List.of(
                        "java.util.concurrent.ThreadPoolExecutor$AbortPolicy.rejectedExecution(ThreadPoolExecutor.java:2065)",
                        "com.example.checkout.OrderService.place(OrderService.java:118)",
                        "com.example.checkout.CheckoutController.checkout(CheckoutController.java:54)")),
        NULL_CART(
                "java.lang.NullPointerException",
                "Cannot invoke \"com.example.checkout.Cart.getItems()\" because \"cart\" is null",
                List.of(
                        "com.example.checkout.PricingService.total(PricingService.java:77)",
                        "com.example.checkout.OrderService.place(OrderService.java:96)",
                        "com.example.checkout.CheckoutController.checkout(CheckoutController.java:54)")),
        CART_CONFLICT(
                "java.lang.IllegalStateException",
                "cart was modified concurrently",
                List.of(
                        "com.example.checkout.CartRepository.lock(CartRepository.java:41)",
                        "com.example.checkout.OrderService.place(OrderService.java:88)",
                        "com.example.checkout.CheckoutController.checkout(CheckoutController.java:54)")),
        DISK_FULL(
                "org.postgresql.util.PSQLException",
                "ERROR: could not extend file \"base/16384/24601\": No space left on device",
                List.of(
                        "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2713)",
                        "com.example.payment.PaymentRepository.insert(PaymentRepository.java:63)",
                        "com.example.payment.PaymentService.authorize(PaymentService.java:45)")),
        CONNECTION_RESET(
                "org.postgresql.util.PSQLException",
                "An I/O error occurred while sending to the backend.",
                List.of(
                        "org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)",
                        "com.example.payment.PaymentRepository.insert(PaymentRepository.java:63)",
                        "com.example.payment.PaymentService.authorize(PaymentService.java:45)")),
        DATABASE_REFUSED(
                "org.postgresql.util.PSQLException",
                "Connection to database:5432 refused. Check that the hostname and port are correct"
                        + " and that the postmaster is accepting TCP/IP connections.",
                List.of(
                        "org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)",
                        "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
                        "com.example.payment.PaymentRepository.insert(PaymentRepository.java:58)")),
        CACHE_REFUSED(
                "redis.clients.jedis.exceptions.JedisConnectionException",
                "Failed to connect to cache:6379: Connection refused",
                List.of(
                        "redis.clients.jedis.DefaultJedisSocketFactory.createSocket(DefaultJedisSocketFactory.java:117)",
                        "redis.clients.jedis.Connection.connect(Connection.java:194)",
                        "com.example.checkout.CartCache.get(CartCache.java:37)")),
        CART_UNAVAILABLE(
                503,
                "com.example.checkout.CartUnavailableException",
                "cart store unavailable: Failed to connect to cache:6379",
                List.of(
                        "com.example.checkout.CartRepository.load(CartRepository.java:29)",
                        "com.example.checkout.OrderService.place(OrderService.java:81)",
                        "com.example.checkout.CheckoutController.checkout(CheckoutController.java:54)")),
        ADDRESS_REJECTED(
                "java.lang.IllegalArgumentException",
                "postal code does not match the country's format",
                List.of(
                        "com.example.shipping.AddressValidator.validate(AddressValidator.java:52)",
                        "com.example.shipping.ShipmentPlanner.plan(ShipmentPlanner.java:71)",
                        "com.example.shipping.OrderConsumer.onMessage(OrderConsumer.java:40)"));

        final int httpStatus;
        final String type;
        final String message;
        final String stacktrace;

        Failure(String type, String message, List<String> frames) {
            this(500, type, message, frames);
        }

        Failure(int httpStatus, String type, String message, List<String> frames) {
            this.httpStatus = httpStatus;
            this.type = type;
            this.message = message;
            this.stacktrace = type + ": " + message + "\n\tat " + String.join("\n\tat ", frames);
        }

        Attributes attributes() {
            return Attributes.of(
                    EXCEPTION_TYPE,
                    type,
                    EXCEPTION_MESSAGE,
                    message,
                    EXCEPTION_STACKTRACE,
                    stacktrace);
        }
    }

    static final double ERROR_BURST_RATE = 0.35;
    static final double DEPLOY_ERROR_RATE = 0.25;
    static final double DISK_FULL_ERROR_RATE = 0.30;
    static final double CHECKOUT_BASELINE_ERROR_RATE = 0.0015;
    static final double PAYMENT_BASELINE_ERROR_RATE = 0.002;
    static final double CPU_SATURATION_SLOWDOWN = 1.8;

    /** How much slower every query gets while the database's CPU is saturated. */
    static final double DATABASE_CPU_SATURATION_SLOWDOWN = 8.0;

    /** Extra slowdown of a leaking service's processing at the end of the leak (GC), 1 = 2×. */
    static final double MEMORY_LEAK_MAX_SLOWDOWN = 1.0;

    /** Median delay added to every packet leaving a service under network delay, ms (±20 %). */
    static final double NETWORK_DELAY_MS = 25;

    /** Share of orders checkout fails (HTTP 503) while the cache refuses connections. */
    static final double CACHE_DOWN_ORDER_FAILURE_RATE = 0.7;

    static final double CACHE_HIT_RATE = 0.9;

    /** Database calls at least this long get a slow-query warning from payment, in ms. */
    static final double SLOW_QUERY_MS = 20;

    /** Partitions of the simulated {@code orders} topic (for the messaging attributes). */
    static final long ORDER_PARTITIONS = 3;

    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE =
            AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> EXCEPTION_STACKTRACE =
            AttributeKey.stringKey("exception.stacktrace");
    static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("app.order.id");

    private static final List<String> USER_AGENTS =
            List.of(
                    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148",
                    "okhttp/4.12.0");

    private final Function<String, ServiceSdk> services;
    private final ActiveIncidents incidents;
    private final SplittableRandom random;
    private final Map<String, long[]> requestCounts;
    private long queueOffset;

    /**
     * @param services the current instance of each service (deploys replace them)
     * @param requestCounts per service, a one-element counter of server requests handled, read and
     *     reset by the generator at each metric boundary
     */
    CheckoutFlow(
            Function<String, ServiceSdk> services,
            ActiveIncidents incidents,
            SplittableRandom random,
            Map<String, long[]> requestCounts) {
        this.services = services;
        this.incidents = incidents;
        this.random = random;
        this.requestCounts = requestCounts;
    }

    /**
     * Everything decided about one request before any telemetry is emitted: the order, the
     * failures, and the timeline (epoch nanoseconds; 0 for steps that did not happen).
     */
    private static final class Request {
        String orderId;
        String cartId;
        int items;
        long amountCents;
        String clientAddress;
        String userAgent;
        boolean cacheHit;
        boolean cacheRefused;
        Failure checkoutFailure;
        Failure paymentFailure;
        Failure shippingFailure;

        long frontendStart;
        long frontendClientStart;
        long checkoutStart;
        long cacheStart;
        long cacheEnd;
        long checkoutErrorAt;
        long paymentClientStart;
        long paymentStart;
        long dbStart;
        long dbEnd;
        long paymentEnd;
        long paymentClientEnd;
        long produceStart;
        long produceEnd;
        long consumeStart;
        long consumeEnd;
        long checkoutEnd;
        long frontendClientEnd;
        long frontendEnd;

        boolean reachedPayment() {
            return checkoutFailure == null;
        }

        boolean published() {
            return reachedPayment() && paymentFailure == null;
        }

        int paymentStatus() {
            return paymentFailure == null ? 200 : 500;
        }

        int checkoutStatus() {
            if (checkoutFailure != null) {
                return checkoutFailure.httpStatus;
            }
            return paymentFailure == null ? 200 : 502;
        }

        int frontendStatus() {
            return checkoutStatus() == 200 ? 200 : 502;
        }
    }

    /** Simulates one request arriving at the frontend at {@code t0} (epoch nanoseconds). */
    void simulate(long t0) {
        Request r = plan(t0);
        ServiceSdk frontend = services.apply("frontend");
        ServiceSdk checkout = services.apply("checkout");

        Span frontendSpan =
                startSpan(
                        frontend,
                        "POST /api/checkout",
                        Context.root(),
                        SpanKind.SERVER,
                        r.frontendStart,
                        serverAttributes("/api/checkout", r.frontendStatus())
                                .put("client.address", r.clientAddress)
                                .put("user_agent.original", r.userAgent)
                                .build());
        Context frontendContext = Context.root().with(frontendSpan);
        Span toCheckout =
                clientSpan(
                        frontend,
                        frontendContext,
                        r.frontendClientStart,
                        "checkout",
                        "/checkout",
                        r.checkoutStatus());
        Context toCheckoutContext = frontendContext.with(toCheckout);

        emitCheckout(r, checkout, toCheckoutContext);

        toCheckout.end(r.frontendClientEnd, TimeUnit.NANOSECONDS);
        if (r.frontendStatus() != 200) {
            frontendSpan.setStatus(
                    StatusCode.ERROR, "upstream checkout returned HTTP " + r.checkoutStatus());
        }
        frontendSpan.end(r.frontendEnd, TimeUnit.NANOSECONDS);
        frontend.recordServerRequest(
                "POST",
                "/api/checkout",
                r.frontendStatus(),
                seconds(r.frontendStart, r.frontendEnd));
        count("frontend");
        long millis = (r.frontendEnd - r.frontendStart) / 1_000_000;
        if (r.frontendStatus() == 200) {
            log(
                    frontend,
                    r.frontendEnd,
                    Severity.INFO,
                    frontendContext,
                    "Request POST /api/checkout completed with status 200 in " + millis + " ms",
                    httpLogAttributes(200));
        } else {
            log(
                    frontend,
                    r.frontendEnd,
                    Severity.ERROR,
                    frontendContext,
                    "Request POST /api/checkout failed with status "
                            + r.frontendStatus()
                            + " in "
                            + millis
                            + " ms: upstream checkout returned HTTP "
                            + r.checkoutStatus(),
                    httpLogAttributes(r.frontendStatus()));
        }
    }

    /** Draws the order, the failures and the timeline of a request arriving at {@code t0}. */
    private Request plan(long t0) {
        Instant now = SimulatedClock.toInstant(t0);
        Request r = new Request();
        r.orderId = String.format(Locale.ROOT, "ord-%010x", random.nextLong() & 0xff_ffff_ffffL);
        r.cartId = String.format(Locale.ROOT, "cart-%08x", random.nextInt());
        r.items = 1 + random.nextInt(5);
        r.amountCents = 499 + random.nextInt(20_000);
        r.clientAddress = "10.20." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        r.userAgent = USER_AGENTS.get(random.nextInt(USER_AGENTS.size()));
        r.checkoutFailure = checkoutFailure(now, random.nextDouble());
        r.paymentFailure = paymentFailure(now, random.nextDouble());
        if (incidents.active("cache", IncidentKind.DEPENDENCY_DOWN, now) != null) {
            r.cacheRefused = true;
            if (r.checkoutFailure == null && random.nextDouble() < CACHE_DOWN_ORDER_FAILURE_RATE) {
                r.checkoutFailure = Failure.CART_UNAVAILABLE;
            }
        }
        if (r.published()
                && incidents.active("shipping", IncidentKind.ERROR_BURST, now) != null
                && random.nextDouble() < ERROR_BURST_RATE) {
            r.shippingFailure = Failure.ADDRESS_REJECTED;
        }
        boolean slowQueries =
                incidents.active("payment", IncidentKind.LATENCY_REGRESSION, now) != null;
        double frontendSlowdown = slowdown("frontend", now);
        double checkoutSlowdown = slowdown("checkout", now);
        double slowdown = slowdown("payment", now);
        double cacheSlowdown = slowdown("cache", now);
        double shippingSlowdown = slowdown("shipping", now);
        double databaseSlowdown =
                incidents.active("database", IncidentKind.CPU_SATURATION, now) != null
                        ? DATABASE_CPU_SATURATION_SLOWDOWN
                        : 1.0;

        long t = t0;
        r.frontendStart = t;
        t += scaled(millis(1.2, 0.3), frontendSlowdown);
        r.frontendClientStart = t;
        t += hop() + egress("frontend", now);
        r.checkoutStart = t;
        t += scaled(millis(1.5, 0.3), checkoutSlowdown);
        r.cacheStart = t;
        long cacheCall = scaled(millis(0.5, 0.4), cacheSlowdown);
        // A refused connection fails at once, with no answer to wait for.
        t +=
                r.cacheRefused
                        ? cacheCall / 4
                        : cacheCall + egress("checkout", now) + egress("cache", now);
        r.cacheEnd = t;
        r.cacheHit = random.nextDouble() < CACHE_HIT_RATE;
        t += scaled(millis(0.8, 0.3), checkoutSlowdown);
        if (!r.reachedPayment()) {
            t += scaled(millis(2.0, 0.5), checkoutSlowdown);
            r.checkoutErrorAt = t;
            t += scaled(millis(0.3, 0.2), checkoutSlowdown);
        } else {
            r.paymentClientStart = t;
            t += hop() + egress("checkout", now);
            r.paymentStart = t;
            t += (long) (millis(2.5, 0.3) * slowdown);
            r.dbStart = t;
            double dbSlowdown = slowQueries ? 6.0 * (0.8 + 0.4 * random.nextDouble()) : 1.0;
            long query = (long) (millis(3.5, 0.35) * dbSlowdown * slowdown * databaseSlowdown);
            if (r.paymentFailure == Failure.DATABASE_REFUSED) {
                query /= 4;
            }
            t += query + egress("payment", now) + egress("database", now);
            r.dbEnd = t;
            t += (long) (millis(1.0, 0.3) * slowdown);
            r.paymentEnd = t;
            t += hop() + egress("payment", now);
            r.paymentClientEnd = t;
            if (r.published()) {
                r.produceStart = t;
                t += millis(0.8, 0.3) + egress("checkout", now);
                r.produceEnd = t;
                r.consumeStart = r.produceEnd + scaled(millis(12, 0.6), shippingSlowdown);
                r.consumeEnd = r.consumeStart + scaled(millis(6, 0.4), shippingSlowdown);
                t += scaled(millis(0.6, 0.3), checkoutSlowdown);
            } else {
                t += scaled(millis(0.5, 0.2), checkoutSlowdown);
            }
        }
        r.checkoutEnd = t;
        t += hop() + egress("checkout", now);
        r.frontendClientEnd = t;
        t += scaled(millis(0.7, 0.3), frontendSlowdown);
        r.frontendEnd = t;
        return r;
    }

    /** checkout: its server span, the cache call, then payment and the queue, or a failure. */
    private void emitCheckout(Request r, ServiceSdk checkout, Context parent) {
        Span server =
                startSpan(
                        checkout,
                        "POST /checkout",
                        parent,
                        SpanKind.SERVER,
                        r.checkoutStart,
                        serverAttributes("/checkout", r.checkoutStatus())
                                .put(ORDER_ID, r.orderId)
                                .build());
        Context context = parent.with(server);
        AttributesBuilder cacheAttributes =
                Attributes.builder()
                        .put("db.system", "redis")
                        .put("db.operation", "GET")
                        .put("db.statement", "GET " + r.cartId)
                        .put("db.redis.database_index", 0L)
                        .put("server.address", "cache")
                        .put("server.port", 6379L)
                        .put("peer.service", "cache");
        if (!r.cacheRefused) {
            cacheAttributes.put("app.cache.hit", r.cacheHit);
        }
        Span cache =
                startSpan(
                        checkout,
                        "GET",
                        context,
                        SpanKind.CLIENT,
                        r.cacheStart,
                        cacheAttributes.build());
        if (r.cacheRefused) {
            fail(cache, Failure.CACHE_REFUSED, r.cacheEnd);
            if (r.reachedPayment()) {
                log(
                        checkout,
                        r.cacheEnd,
                        Severity.WARN,
                        context.with(cache),
                        "Cache unavailable for "
                                + r.cartId
                                + " ("
                                + Failure.CACHE_REFUSED.message
                                + "); using the cart sent with the request",
                        Attributes.of(ORDER_ID, r.orderId));
            }
        }
        cache.end(r.cacheEnd, TimeUnit.NANOSECONDS);

        if (!r.reachedPayment()) {
            fail(server, r.checkoutFailure, r.checkoutErrorAt);
            logFailure(
                    checkout,
                    r.checkoutEnd,
                    context,
                    "Order " + r.orderId,
                    r.checkoutFailure,
                    r.orderId);
        } else {
            emitPayment(r, checkout, context);
            if (r.published()) {
                emitQueue(r, checkout, context);
                log(
                        checkout,
                        r.checkoutEnd,
                        Severity.INFO,
                        context,
                        String.format(
                                Locale.ROOT,
                                "Order %s placed: %d items, total %d.%02d EUR",
                                r.orderId,
                                r.items,
                                r.amountCents / 100,
                                r.amountCents % 100),
                        Attributes.of(ORDER_ID, r.orderId));
            } else {
                server.setStatus(StatusCode.ERROR, "payment returned HTTP 500");
                log(
                        checkout,
                        r.checkoutEnd,
                        Severity.ERROR,
                        context,
                        "Order " + r.orderId + " failed: payment returned HTTP 500",
                        Attributes.of(ORDER_ID, r.orderId));
            }
        }
        server.end(r.checkoutEnd, TimeUnit.NANOSECONDS);
        checkout.recordServerRequest(
                "POST", "/checkout", r.checkoutStatus(), seconds(r.checkoutStart, r.checkoutEnd));
        count("checkout");
    }

    /** checkout's call to payment, payment's server span and its database write. */
    private void emitPayment(Request r, ServiceSdk checkout, Context checkoutContext) {
        ServiceSdk payment = services.apply("payment");
        Span client =
                clientSpan(
                        checkout,
                        checkoutContext,
                        r.paymentClientStart,
                        "payment",
                        "/payments",
                        r.paymentStatus());
        Context clientContext = checkoutContext.with(client);
        Span server =
                startSpan(
                        payment,
                        "POST /payments",
                        clientContext,
                        SpanKind.SERVER,
                        r.paymentStart,
                        serverAttributes("/payments", r.paymentStatus())
                                .put(ORDER_ID, r.orderId)
                                .put("app.payment.amount_cents", r.amountCents)
                                .build());
        Context context = clientContext.with(server);
        Span db =
                startSpan(
                        payment,
                        "INSERT payments",
                        context,
                        SpanKind.CLIENT,
                        r.dbStart,
                        Attributes.builder()
                                .put("db.system", "postgresql")
                                .put("db.name", "payments")
                                .put("db.user", "payment_svc")
                                .put("db.operation", "INSERT")
                                .put("db.sql.table", "payments")
                                .put(
                                        "db.statement",
                                        "INSERT INTO payments (order_id, amount_cents,"
                                                + " currency) VALUES ($1, $2, $3)")
                                .put("server.address", "database")
                                .put("server.port", 5432L)
                                .put("peer.service", "database")
                                .build());
        double dbMillis = (r.dbEnd - r.dbStart) / 1e6;
        if (r.paymentFailure != null) {
            fail(db, r.paymentFailure, r.dbEnd);
            fail(server, r.paymentFailure, r.dbEnd);
        } else if (dbMillis >= SLOW_QUERY_MS) {
            log(
                    payment,
                    r.dbEnd,
                    Severity.WARN,
                    context.with(db),
                    String.format(
                            Locale.ROOT, "Slow query: INSERT INTO payments took %.1f ms", dbMillis),
                    Attributes.of(ORDER_ID, r.orderId));
        }
        db.end(r.dbEnd, TimeUnit.NANOSECONDS);
        server.end(r.paymentEnd, TimeUnit.NANOSECONDS);
        payment.recordServerRequest(
                "POST", "/payments", r.paymentStatus(), seconds(r.paymentStart, r.paymentEnd));
        count("payment");
        client.end(r.paymentClientEnd, TimeUnit.NANOSECONDS);

        if (r.paymentFailure == null) {
            log(
                    payment,
                    r.paymentEnd,
                    Severity.INFO,
                    context,
                    String.format(
                            Locale.ROOT,
                            "Payment authorized for order %s: %d.%02d EUR",
                            r.orderId,
                            r.amountCents / 100,
                            r.amountCents % 100),
                    Attributes.of(ORDER_ID, r.orderId));
            return;
        }
        logFailure(
                payment,
                r.paymentEnd,
                context,
                "Payment for order " + r.orderId,
                r.paymentFailure,
                r.orderId);
        if (r.paymentFailure == Failure.DISK_FULL) {
            // The database's own server log; no trace context reaches it.
            log(
                    services.apply("database"),
                    r.dbEnd,
                    Severity.ERROR,
                    Context.root(),
                    "could not extend file \"base/16384/24601\": No space left on device",
                    Attributes.of(AttributeKey.stringKey("db.system"), "postgresql"));
        }
    }

    /** checkout publishes the order; shipping consumes it. */
    private void emitQueue(Request r, ServiceSdk checkout, Context checkoutContext) {
        ServiceSdk shipping = services.apply("shipping");
        long offset = queueOffset++;
        long partition = offset % ORDER_PARTITIONS;
        Span produce =
                startSpan(
                        checkout,
                        "publish orders",
                        checkoutContext,
                        SpanKind.PRODUCER,
                        r.produceStart,
                        messagingAttributes("publish", r.orderId, partition)
                                .put("server.address", "queue")
                                .put("server.port", 9092L)
                                .put("peer.service", "queue")
                                .build());
        produce.end(r.produceEnd, TimeUnit.NANOSECONDS);
        Context produceContext = checkoutContext.with(produce);
        Span consume =
                startSpan(
                        shipping,
                        "process orders",
                        produceContext,
                        SpanKind.CONSUMER,
                        r.consumeStart,
                        messagingAttributes("process", r.orderId, partition)
                                .put("messaging.consumer.group.name", "shipping")
                                .put("messaging.kafka.message.offset", offset / ORDER_PARTITIONS)
                                .build());
        if (r.shippingFailure != null) {
            fail(consume, r.shippingFailure, r.consumeEnd);
            consume.end(r.consumeEnd, TimeUnit.NANOSECONDS);
            logFailure(
                    shipping,
                    r.consumeEnd,
                    produceContext.with(consume),
                    "Shipment for order " + r.orderId,
                    r.shippingFailure,
                    r.orderId);
            return;
        }
        consume.end(r.consumeEnd, TimeUnit.NANOSECONDS);
        log(
                shipping,
                r.consumeEnd,
                Severity.INFO,
                produceContext.with(consume),
                "Shipment scheduled for order " + r.orderId + " (" + r.items + " items)",
                Attributes.of(ORDER_ID, r.orderId));
    }

    private Failure checkoutFailure(Instant now, double draw) {
        if (incidents.active("checkout", IncidentKind.ERROR_BURST, now) != null
                && draw < ERROR_BURST_RATE) {
            return Failure.POOL_EXHAUSTED;
        }
        if (incidents.active("checkout", IncidentKind.DEPLOY_ERRORS, now) != null
                && draw < DEPLOY_ERROR_RATE) {
            return Failure.NULL_CART;
        }
        return draw < CHECKOUT_BASELINE_ERROR_RATE ? Failure.CART_CONFLICT : null;
    }

    private Failure paymentFailure(Instant now, double draw) {
        if (incidents.active("database", IncidentKind.DEPENDENCY_DOWN, now) != null) {
            return Failure.DATABASE_REFUSED;
        }
        Incident disk = incidents.active("database", IncidentKind.DISK_FILLING, now);
        if (disk != null
                && disk.progressAt(now) >= TelemetryGenerator.DISK_WRITES_FAIL_FROM
                && draw < DISK_FULL_ERROR_RATE) {
            return Failure.DISK_FULL;
        }
        return draw < PAYMENT_BASELINE_ERROR_RATE ? Failure.CONNECTION_RESET : null;
    }

    /** An HTTP client span from {@code from} to {@code peer}'s port 8080. */
    private static Span clientSpan(
            ServiceSdk from, Context parent, long start, String peer, String path, int status) {
        return startSpan(
                        from,
                        "POST",
                        parent,
                        SpanKind.CLIENT,
                        start,
                        Attributes.builder()
                                .put(ServiceSdk.HTTP_REQUEST_METHOD, "POST")
                                .put("server.address", peer)
                                .put("server.port", 8080L)
                                .put("url.full", "http://" + peer + ":8080" + path)
                                .put("peer.service", peer)
                                .put("network.protocol.version", "1.1")
                                .put(ServiceSdk.HTTP_RESPONSE_STATUS_CODE, (long) status)
                                .build())
                .setStatus(status >= 400 ? StatusCode.ERROR : StatusCode.UNSET);
    }

    /** Starts a span of {@code sdk}'s tracer at {@code start} (epoch nanoseconds). */
    private static Span startSpan(
            ServiceSdk sdk,
            String name,
            Context parent,
            SpanKind kind,
            long start,
            Attributes attributes) {
        return sdk.tracer
                .spanBuilder(name)
                .setParent(parent)
                .setSpanKind(kind)
                .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAllAttributes(attributes)
                .startSpan();
    }

    private static AttributesBuilder serverAttributes(String route, int status) {
        return Attributes.builder()
                .put(ServiceSdk.HTTP_REQUEST_METHOD, "POST")
                .put(ServiceSdk.HTTP_ROUTE, route)
                .put("url.path", route)
                .put("url.scheme", "http")
                .put("server.port", 8080L)
                .put("network.protocol.version", "1.1")
                .put(ServiceSdk.HTTP_RESPONSE_STATUS_CODE, (long) status);
    }

    private static AttributesBuilder messagingAttributes(
            String operation, String key, long partition) {
        return Attributes.builder()
                .put("messaging.system", "kafka")
                .put("messaging.destination.name", "orders")
                .put("messaging.operation", operation)
                .put("messaging.kafka.message.key", key)
                .put("messaging.kafka.destination.partition", partition);
    }

    private static Attributes httpLogAttributes(int status) {
        return Attributes.of(
                ServiceSdk.HTTP_REQUEST_METHOD, "POST",
                ServiceSdk.HTTP_ROUTE, "/api/checkout",
                ServiceSdk.HTTP_RESPONSE_STATUS_CODE, (long) status);
    }

    /** Marks {@code span} failed with an exception event at {@code at}. */
    private static void fail(Span span, Failure failure, long at) {
        span.setStatus(StatusCode.ERROR, failure.message);
        span.addEvent("exception", failure.attributes(), at, TimeUnit.NANOSECONDS);
    }

    private static void log(
            ServiceSdk sdk,
            long at,
            Severity severity,
            Context context,
            String body,
            Attributes attributes) {
        sdk.logger
                .logRecordBuilder()
                .setTimestamp(at, TimeUnit.NANOSECONDS)
                .setObservedTimestamp(at, TimeUnit.NANOSECONDS)
                .setContext(context)
                .setSeverity(severity)
                .setSeverityText(severityText(severity))
                .setBody(body)
                .setAllAttributes(attributes)
                .emit();
    }

    /**
     * An ERROR record "{@code what} failed: type: message" with the failure's exception attributes
     * and the order id.
     */
    private static void logFailure(
            ServiceSdk sdk,
            long at,
            Context context,
            String what,
            Failure failure,
            String orderId) {
        log(
                sdk,
                at,
                Severity.ERROR,
                context,
                what + " failed: " + failure.type + ": " + failure.message,
                failure.attributes().toBuilder().put(ORDER_ID, orderId).build());
    }

    static String severityText(Severity severity) {
        return switch (severity) {
            case WARN, WARN2, WARN3, WARN4 -> "WARN";
            case ERROR, ERROR2, ERROR3, ERROR4 -> "ERROR";
            case DEBUG, DEBUG2, DEBUG3, DEBUG4 -> "DEBUG";
            default -> "INFO";
        };
    }

    private void count(String service) {
        requestCounts.get(service)[0]++;
    }

    /** A log-normal duration with the given median (ms) and shape, in nanoseconds. */
    private long millis(double medianMillis, double sigma) {
        return Math.max(
                1_000L, (long) (medianMillis * 1e6 * Math.exp(sigma * random.nextGaussian())));
    }

    /**
     * How much slower {@code service}'s own processing is at {@code now}: CPU saturation (1.8×)
     * times garbage collection of a memory leak (up to 2×); exactly 1 without either.
     */
    private double slowdown(String service, Instant now) {
        double factor =
                incidents.active(service, IncidentKind.CPU_SATURATION, now) != null
                        ? CPU_SATURATION_SLOWDOWN
                        : 1.0;
        Incident leak = incidents.active(service, IncidentKind.MEMORY_LEAK, now);
        if (leak == null) {
            leak = incidents.active(service, IncidentKind.MEMORY_EXHAUSTION, now);
        }
        if (leak != null) {
            factor *= 1.0 + MEMORY_LEAK_MAX_SLOWDOWN * HostState.gcPressure(leak, now);
        }
        return factor;
    }

    /**
     * Delay of one packet leaving {@code service}'s host, nanoseconds: 0 (and no random draw)
     * unless the service is under {@link IncidentKind#NETWORK_DELAY}.
     */
    private long egress(String service, Instant now) {
        if (incidents.active(service, IncidentKind.NETWORK_DELAY, now) == null) {
            return 0;
        }
        return (long) (NETWORK_DELAY_MS * 1e6 * (0.8 + 0.4 * random.nextDouble()));
    }

    private static long scaled(long nanos, double factor) {
        return (long) (nanos * factor);
    }

    /** One network hop between services. */
    private long hop() {
        return millis(0.3, 0.3);
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
