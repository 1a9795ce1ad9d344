import io.github.mpaaspush.BroadcastRequest;
import io.github.mpaaspush.BroadcastRequestBuilder;
import io.github.mpaaspush.BroadcastResult;
import io.github.mpaaspush.Client;
import io.github.mpaaspush.ClientConfigBuilder;
import io.github.mpaaspush.DeliveryType;
import io.github.mpaaspush.Period;

/**
 * Sends one broadcast through the released jar (scripts/verify-release.sh).
 * Usage: MPAAS_PUSH_ENDPOINT=... java -cp JARS Send.java MSGKEY, with
 * ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET set (the emulator's test key).
 */
public final class Send {
    public static void main(String[] args) throws Exception {
        try (Client client = Client.fromEnv(new ClientConfigBuilder()
                .endpoint(System.getenv("MPAAS_PUSH_ENDPOINT")).build())) {
            BroadcastRequest request = new BroadcastRequestBuilder(
                    "ONEX570DA89211721", "default", DeliveryType.ANDROID, args[0], 300,
                    "Release check", "news_tpl")
                .templateValue("content", "Hello")
                .bindPeriod(Period.DAYS7)
                .build();
            BroadcastResult result = client.pushBroadcastBlocking(request);
            System.out.println("java " + System.getProperty("java.version") + " " + System.getProperty("os.arch")
                + " (jna.prefix " + com.sun.jna.Platform.RESOURCE_PREFIX + "): sent, requestId="
                + result.getRequestId() + " taskId=" + result.getTaskId());
        }
    }
}
