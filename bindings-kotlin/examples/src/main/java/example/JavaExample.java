package example;

import io.github.mpaaspush.BroadcastRequest;
import io.github.mpaaspush.BroadcastRequestBuilder;
import io.github.mpaaspush.BroadcastResult;
import io.github.mpaaspush.Client;
import io.github.mpaaspush.ClientConfigBuilder;
import io.github.mpaaspush.DeliveryType;
import io.github.mpaaspush.MpaasPushException;
import io.github.mpaaspush.MpaasPushExceptions;
import io.github.mpaaspush.Paging;
import io.github.mpaaspush.Period;
import io.github.mpaaspush.ScheduledTask;
import io.github.mpaaspush.SchedulerListQueryBuilder;
import io.github.mpaaspush.TaskDetail;
import io.github.mpaaspush.TaskDetailQueryBuilder;
import java.time.Duration;
import java.time.Instant;

/** Plain Java: the blocking call and the Java-friendly builders. */
public final class JavaExample {
    public static void main(String[] args) {
        String endpoint = System.getenv("MPAAS_PUSH_ENDPOINT");
        // A bad option is a checked MpaasPushException naming the option and rule.
        try {
            new Client(new ClientConfigBuilder().endpoint(endpoint).connectTimeout(Duration.ofSeconds(-5)).build()).close();
            throw new IllegalStateException("a negative connect timeout was accepted");
        } catch (MpaasPushException e) {
            System.out.println("java: refused " + MpaasPushExceptions.field(e) + " (" + MpaasPushExceptions.rule(e) + ")");
        }
        try (Client client = Client.fromEnv(new ClientConfigBuilder().endpoint(endpoint)
                .readTimeout(Duration.ofSeconds(10)).maxAttempts(3).build())) {
            BroadcastRequest request = new BroadcastRequestBuilder(
                    "ONEX570DA89211721", "default", DeliveryType.ANDROID,
                    "java-example-" + System.currentTimeMillis(), 300, "Daily news", "news_tpl")
                .templateValue("content", "Hello from Java")
                .bindPeriod(Period.DAYS7)
                .build();
            BroadcastResult result = client.pushBroadcastBlocking(request);
            System.out.println("java: sent, requestId=" + result.getRequestId() + " taskId=" + result.getTaskId());

            // The companion actions: the figures of the task just sent, and every
            // scheduled task of the next 30 days (all pages, blocking).
            TaskDetail figures = client.taskDetailBlocking(
                new TaskDetailQueryBuilder("ONEX570DA89211721", "default", result.getTaskId()).build());
            System.out.println("java: task " + figures.getTaskId() + " pushed to " + figures.getPushNum() + " devices");
            Instant now = Instant.now();
            int scheduled = 0;
            for (ScheduledTask t : Paging.scheduledTasksBlocking(client,
                    new SchedulerListQueryBuilder("ONEX570DA89211721", "default", now, now.plus(Duration.ofDays(30)))
                        .pageSize(5).build())) {
                scheduled++;
            }
            System.out.println("java: " + scheduled + " scheduled pushes in the next 30 days");
        } catch (MpaasPushException e) {
            System.out.println("java: failed (" + MpaasPushExceptions.code(e) + ", maybeSent="
                + MpaasPushExceptions.maybeSent(e) + "): " + e.getMessage());
            System.exit(1);
        }
    }
}
