package example;

import io.github.mpaaspush.BroadcastRequest;
import io.github.mpaaspush.BroadcastRequestBuilder;
import io.github.mpaaspush.BroadcastResult;
import io.github.mpaaspush.Client;
import io.github.mpaaspush.ClientConfigBuilder;
import io.github.mpaaspush.DeliveryType;
import io.github.mpaaspush.MpaasPushException;
import io.github.mpaaspush.MpaasPushExceptions;
import io.github.mpaaspush.Period;

/** Plain Java: the blocking call and the Java-friendly builders. */
public final class JavaExample {
    public static void main(String[] args) {
        String endpoint = System.getenv("MPAAS_PUSH_ENDPOINT");
        try (Client client = Client.Companion.fromEnv(new ClientConfigBuilder().endpoint(endpoint).build())) {
            BroadcastRequest request = new BroadcastRequestBuilder(
                    "ONEX570DA89211721", "default", DeliveryType.ANDROID,
                    "java-example-" + System.currentTimeMillis(), 300, "Daily news", "news_tpl")
                .templateValue("content", "Hello from Java")
                .bindPeriod(Period.DAYS7)
                .build();
            BroadcastResult result = client.pushBroadcastBlocking(request);
            System.out.println("java: sent, requestId=" + result.getRequestId() + " taskId=" + result.getTaskId());
        } catch (MpaasPushException e) {
            System.out.println("java: failed (" + MpaasPushExceptions.code(e) + ", maybeSent="
                + MpaasPushExceptions.maybeSent(e) + "): " + e.getMessage());
            System.exit(1);
        }
    }
}
