package example

import io.github.mpaaspush.BroadcastRequest
import io.github.mpaaspush.Client
import io.github.mpaaspush.ClientConfig
import io.github.mpaaspush.DeliveryType
import io.github.mpaaspush.MpaasPushException
import io.github.mpaaspush.Period
import io.github.mpaaspush.errorCode
import io.github.mpaaspush.errorMaybeSent
import kotlinx.coroutines.runBlocking

// Credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET; the endpoint from
// MPAAS_PUSH_ENDPOINT (the emulator in scripts/kotlin.sh), else the default.
fun main() = runBlocking {
    Client.fromEnv(ClientConfig(endpoint = System.getenv("MPAAS_PUSH_ENDPOINT"))).use { client ->
        val request = BroadcastRequest(
            appId = "ONEX570DA89211721",
            workspaceId = "default",
            deliveryType = DeliveryType.ANDROID,
            msgkey = "kotlin-example-${System.currentTimeMillis()}",
            expiredSeconds = 300,
            taskName = "Daily news",
            templateName = "news_tpl",
            templateKeyValue = mapOf("content" to "Hello from Kotlin"),
            bindPeriod = Period.DAYS7,
        )
        try {
            val result = client.pushBroadcast(request)
            println("kotlin: sent, requestId=${result.requestId} taskId=${result.taskId}")
        } catch (e: MpaasPushException) {
            println("kotlin: failed (${e.errorCode}, maybeSent=${e.errorMaybeSent}): ${e.message}")
            throw e
        }
    }
}
