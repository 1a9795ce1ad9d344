package io.github.mpaaspush;

import com.google.gson.JsonObject;

/**
 * A child JVM for the environment-proxy rows of TransportTest: a JVM cannot
 * change its own environment, and the core reads HTTPS_PROXY / https_proxy /
 * NO_PROXY when a client is built, so the test starts this with the
 * environment it wants. One broadcast, from Java as a Java user writes it
 * (builders, blocking call, checked exception); prints one JSON line.
 * Arguments: ENDPOINT CA_FILE PROXY_OPTION|- MSGKEY (credentials from the
 * environment: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET).
 */
public final class ProxyEnvChild {
    private ProxyEnvChild() {}

    public static void main(String[] args) {
        ClientConfigBuilder config = new ClientConfigBuilder().endpoint(args[0]).caFile(args[1]).maxAttempts(1);
        if (!args[2].equals("-")) {
            config.proxy(args[2]);
        }
        BroadcastRequest request = new BroadcastRequestBuilder(
                "ONEX570DA89211721", "test", DeliveryType.ANDROID, args[3], 300L, "env proxy", "news_tpl")
                .templateValue("content", "through the environment's proxy")
                .bindPeriod(Period.DAYS7)
                .build();
        JsonObject out = new JsonObject();
        try (Client client = Client.fromEnv(config.build())) {
            BroadcastResult r = client.pushBroadcastBlocking(request);
            out.addProperty("outcome", "ok");
            out.addProperty("taskId", r.getTaskId());
            out.addProperty("client", client.toString());
        } catch (MpaasPushException e) {
            out.addProperty("outcome", "error");
            out.addProperty("code", MpaasPushExceptions.code(e));
            out.addProperty("maybeSent", MpaasPushExceptions.maybeSent(e));
            out.addProperty("attempts", MpaasPushExceptions.attempts(e));
            out.addProperty("detail", MpaasPushExceptions.detail(e));
            out.addProperty("message", e.getMessage());
            out.addProperty("toString", e.toString());
        }
        out.addProperty("config", config.build().toString());
        System.out.println(out);
    }
}
