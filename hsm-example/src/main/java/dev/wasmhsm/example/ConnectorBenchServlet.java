package dev.wasmhsm.example;

import dev.wasmhsm.rar.api.HsmConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The connector's benchmark driver (bench/connector.sh runs it by hand): {@code /bench?factory=JNDI&command=B2|CW
 * &threads=N&seconds=S&warmup=S} runs N closed-loop callers in the server, each taking a pooled connection per
 * call, checking every reply, and answers one {@code result:} line (requests/s, p50 and p99 in microseconds, errors).
 */
@WebServlet("/bench")
public class ConnectorBenchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] B2 = "B20004PING".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CW = "CWU9B4934384B19946B040CD702B4D581454123456789012345;8701101"
            .getBytes(StandardCharsets.ISO_8859_1);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        int threads = Integer.parseInt(request.getParameter("threads"));
        long seconds = Long.parseLong(request.getParameter("seconds"));
        long warmup = Long.parseLong(request.getParameter("warmup"));
        var message = "CW".equals(request.getParameter("command")) ? CW : B2;
        var expected = "CW".equals(request.getParameter("command")) ? "CX00561" : "B300PING";
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var factory = (HsmConnectionFactory) new InitialContext().lookup(request.getParameter("factory"));
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            var callers = new ArrayList<Callable<long[]>>();
            for (int i = 0; i < threads; i++) {
                callers.add(() -> loop(factory, message, expected, start, end));
            }
            var latencies = new ArrayList<Long>();
            long errors = 0;
            for (var future : pool.invokeAll(callers)) {
                var result = future.get();
                errors += result[0];
                for (int i = 1; i < result.length; i++) {
                    latencies.add(result[i]);
                }
            }
            var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            response.getWriter().printf("result: threads=%d requests=%d errors=%d rps=%.0f p50_us=%.1f p99_us=%.1f%n",
                    threads, sorted.length, errors, sorted.length / (double) seconds, percentile(sorted, 50),
                    percentile(sorted, 99));
        } catch (NamingException | InterruptedException | ExecutionException e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.getWriter().print("failed: " + e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the errors, then each measured latency in nanoseconds. */
    private static long[] loop(HsmConnectionFactory factory, byte[] message, String expected, long start, long end) {
        var latencies = new long[1 << 16];
        int count = 1;
        long errors = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            try (var connection = factory.getConnection()) {
                var reply = new String(connection.execute(message), StandardCharsets.ISO_8859_1);
                long took = System.nanoTime() - now;
                if (!reply.equals(expected)) {
                    errors++;
                } else if (now >= start) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[count++] = took;
                }
            } catch (ResourceException | RuntimeException e) {
                errors++;
            }
        }
        latencies[0] = errors;

        return Arrays.copyOf(latencies, count);
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1000.0;
    }
}
