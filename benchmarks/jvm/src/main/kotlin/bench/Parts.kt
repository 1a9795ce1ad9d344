package bench

import io.github.mpaaspush.*
import java.lang.management.ManagementFactory
fun main() {
    val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
    val th = ManagementFactory.getThreadMXBean()
    val client = Client(ClientConfig(accessKeyId = "id", accessKeySecret = "s"))
    val req = BroadcastRequest("ONEX570DA89211721","test",DeliveryType.ANDROID,"k1",300,"bench","broadcast_tpl", templateKeyValue = mapOf("content" to "hello"), bindPeriod = Period.DAYS7)
    val at = java.time.Instant.parse("2026-01-01T00:00:00Z")
    fun t(name: String, n: Int, f: () -> Unit) {
        repeat(n) { f() }
        val c0 = os.processCpuTime; val t0 = th.currentThreadCpuTime; val w0 = System.nanoTime()
        repeat(n) { f() }
        println("%-28s proc %.2f us  thread %.2f us  wall %.2f us".format(name, (os.processCpuTime-c0)/1e3/n, (th.currentThreadCpuTime-t0)/1e3/n, (System.nanoTime()-w0)/1e3/n))
    }
    var s = 0
    t("version()", 100000) { s += version().length }
    t("endpoint()", 100000) { s += client.endpoint().length }
    t("lower+lift req", 50000) { s += FfiConverterTypeBroadcastRequest.lift(FfiConverterTypeBroadcastRequest.lower(req)).msgkey.length }
    t("prepareBroadcast pinned", 30000) { s += client.prepareBroadcast(req, nonce = "n", timestamp = at).body.length }
    t("prepareBroadcast unpinned", 30000) { s += client.prepareBroadcast(req).body.length }
    println(s)
}
