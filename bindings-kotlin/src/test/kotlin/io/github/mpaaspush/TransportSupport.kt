package io.github.mpaaspush

import com.google.gson.GsonBuilder
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.HttpURLConnection
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.nio.file.Files
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.HttpsURLConnection
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

// Issue 15's helpers: the emulator as a child process with any options
// (`--tls`, `--tls-fault`, `--tasks-out`), its control API over HTTPS, a real
// tinyproxy on a free loopback port (as tests/src/proxy.rs starts it), and
// the rows of docs/reliability.md's "HTTPS and proxies" table.

/** A fresh directory under the system's temporary directory, removed by [File.deleteRecursively]. */
fun tempDir(prefix: String): File = Files.createTempDirectory("mpaas-push-jvm-$prefix-").toFile()

/** A loopback port nothing listens on (bound, then closed again). */
fun freePort(): Int = ServerSocket(0).use { it.localPort }

/**
 * `mpaas-push emulator --port 0 --access-key ID:SECRET --template news_tpl=… [extra]`.
 * [control] trusts [caFile] for an HTTPS emulator; with [trustAnyControl]
 * (the `--tls-fault` certificates, which every client must refuse) only the
 * test's own control calls skip verification, never the client under test.
 */
class EmulatorProcess private constructor(
    val url: String,
    val banner: List<String>,
    private val process: Process,
    private val ssl: SSLContext?,
    private val trustAnyControl: Boolean,
) : AutoCloseable {
    companion object {
        private const val PREFIX = "MPS emulator listening on "

        fun start(extra: List<String> = emptyList(), caFile: File? = null, trustAnyControl: Boolean = false): EmulatorProcess {
            val bin = File(setting("MPAAS_PUSH_BIN"))
            check(bin.canExecute()) { "mpaas-push binary not found at $bin" }
            val args = listOf(bin.path, "emulator", "--port", "0", "--access-key", "$ID:$SECRET", "--template", "news_tpl=News: #content#") + extra
            val p = ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start()
            val out = BufferedReader(InputStreamReader(p.inputStream))
            val first = out.readLine() ?: error("emulator exited before printing its address: $args")
            check(first.startsWith(PREFIX)) { "unexpected first line: $first" }
            // The banner's next lines (CA file, keys) are printed at once; keep
            // draining stdout for the emulator's whole life.
            val banner = java.util.Collections.synchronizedList(mutableListOf(first))
            Thread { while (true) banner += out.readLine() ?: break }.apply { isDaemon = true }.start()
            val ssl = when {
                trustAnyControl -> SSLContext.getInstance("TLS").apply { init(null, arrayOf(TrustAnything), null) }
                caFile != null -> trusting(caFile)
                else -> null
            }
            return EmulatorProcess(first.removePrefix(PREFIX).trim(), banner, p, ssl, trustAnyControl)
        }

        /** An SSLContext trusting only the CA certificates of a PEM file. */
        fun trusting(caFile: File): SSLContext {
            val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply { load(null, null) }
            caFile.inputStream().use { input ->
                CertificateFactory.getInstance("X.509").generateCertificates(input)
                    .forEachIndexed { i, c -> store.setCertificateEntry("ca-$i", c) }
            }
            val tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
            return SSLContext.getInstance("TLS").apply { init(null, tmf.trustManagers, null) }
        }
    }

    /** For the test's control calls to a `--tls-fault` emulator only. */
    private object TrustAnything : X509TrustManager {
        override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) = Unit
        override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) = Unit
        override fun getAcceptedIssuers(): Array<X509Certificate> = emptyArray()
    }

    /** `127.0.0.1:PORT`, as error messages name it. */
    val hostPort: String get() = url.substringAfter("://")
    val port: Int get() = url.substringAfterLast(':').toInt()

    fun control(method: String, route: String): JsonObject {
        // Never through a proxy of the environment: the test talks to the emulator directly.
        val c = URI("$url/_emulator/$route").toURL().openConnection(java.net.Proxy.NO_PROXY) as HttpURLConnection
        if (c is HttpsURLConnection) {
            c.sslSocketFactory = (ssl ?: error("an HTTPS emulator without a CA for the control API")).socketFactory
            if (trustAnyControl) c.hostnameVerifier = javax.net.ssl.HostnameVerifier { _, _ -> true }
        }
        c.requestMethod = method
        c.connectTimeout = 10_000
        c.readTimeout = 10_000
        if (method != "GET") {
            c.doOutput = true
            c.setRequestProperty("content-type", "application/json")
            c.outputStream.use { it.write("{}".toByteArray()) }
        }
        val text = (if (c.responseCode in 200..299) c.inputStream else c.errorStream).reader().readText()
        check(c.responseCode in 200..299) { "control $method $route: ${c.responseCode} $text" }
        return JsonParser.parseString(text).asJsonObject
    }

    /** Requests received so far, control calls excepted (`/_emulator/health`). */
    fun received(): Int = control("GET", "health").get("received").asInt

    /** SIGTERM (the emulator drops every connection and writes `--tasks-out`); waits for the exit. */
    fun terminate(): Int {
        process.destroy()
        check(process.waitFor(20, TimeUnit.SECONDS)) { "the emulator did not exit within 20 s of SIGTERM" }
        return process.exitValue()
    }

    override fun close() {
        if (process.isAlive) {
            process.destroy()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        }
    }
}

/** An HTTPS emulator (`--tls`, optionally `--tls-fault KIND`) and its CA file. */
class TlsEmulator(fault: String? = null, extra: List<String> = emptyList()) : AutoCloseable {
    private val dir = tempDir("tls")
    val ca = File(dir, "ca.pem")
    val emu: EmulatorProcess = EmulatorProcess.start(
        listOf("--tls", "--tls-ca-out", ca.path) + (fault?.let { listOf("--tls-fault", it) } ?: emptyList()) + extra,
        caFile = ca, trustAnyControl = fault != null,
    )

    init {
        check(emu.url.startsWith("https://127.0.0.1:")) { emu.url }
        check(ca.length() > 0) { "the emulator wrote no CA file to $ca" }
    }

    override fun close() {
        emu.close()
        dir.deleteRecursively()
    }
}

/**
 * A real HTTP proxy: Debian's tinyproxy on a free loopback port with its own
 * configuration and log (basic auth when [auth] is given). Fails, never
 * skips, when tinyproxy is missing.
 */
class Tinyproxy(auth: Pair<String, String>? = null) : AutoCloseable {
    private val dir = tempDir("tinyproxy")
    private val log = File(dir, "log")
    val port = freePort()
    private val process: Process

    init {
        // tinyproxy drops to `nobody` when started as root; its log must be writable then.
        dir.setWritable(true, false)
        dir.setExecutable(true, false)
        dir.setReadable(true, false)
        var conf = "Port $port\nListen 127.0.0.1\nTimeout 30\nLogFile \"${log.path}\"\nLogLevel Connect\nMaxClients 200\n"
        if (isRoot()) conf += "User nobody\nGroup nogroup\n"
        if (auth != null) conf += "BasicAuth ${auth.first} ${auth.second}\n"
        File(dir, "conf").writeText(conf)
        process = try {
            ProcessBuilder("tinyproxy", "-d", "-c", File(dir, "conf").path)
                .redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
        } catch (e: java.io.IOException) {
            dir.deleteRecursively()
            throw AssertionError(
                "tinyproxy is needed by the proxy tests: run scripts/install-test-deps.sh (apt-get install tinyproxy)", e,
            )
        }
        val deadline = System.nanoTime() + 10_000_000_000L
        while (!listening()) {
            check(process.isAlive) { "tinyproxy exited (status ${process.exitValue()}) before listening on $port" }
            check(System.nanoTime() < deadline) { "tinyproxy did not start on port $port" }
            Thread.sleep(20)
        }
    }

    private fun listening(): Boolean = try {
        Socket("127.0.0.1", port).use { true }
    } catch (_: java.io.IOException) {
        false
    }

    private fun isRoot(): Boolean =
        File("/proc/self/status").readLines().first { it.startsWith("Uid:") }.split(Regex("\\s+"))[1] == "0"

    /** `http://127.0.0.1:PORT`, with `user:password@` when given. */
    fun url(auth: Pair<String, String>? = null): String =
        if (auth == null) "http://127.0.0.1:$port" else "http://${auth.first}:${auth.second}@127.0.0.1:$port"

    /** Requests logged so far: `CONNECT host:port HTTP/1.1` (tunnels), `POST http://…` (plain HTTP). */
    fun requests(): List<String> =
        (if (log.exists()) log.readLines() else emptyList())
            .mapNotNull { l -> l.indexOf("): ").takeIf { it >= 0 }?.let { l.substring(it + 3) } }
            .filter { it.startsWith("CONNECT ") || it.startsWith("POST ") }

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        dir.deleteRecursively()
    }
}

private val rowsDir: File get() = File(repoRoot(), "target/reliability")
private val prettyGson = GsonBuilder().setPrettyPrinting().create()

/** The row file of one transport scenario (removed first, so a failed run leaves no stale row). */
fun transportRowFile(name: String): File = File(rowsDir, "jvm-transport-$name.json")

/**
 * One row of docs/reliability.md's "HTTPS and proxies" table:
 * `target/reliability/jvm-transport-<name>.json`. [error] null = outcome ok.
 */
fun recordTransport(name: String, what: String, error: MpaasPushException?, accepted: Int) {
    val row = JsonObject().apply {
        addProperty("name", name)
        addProperty("what", what)
        addProperty("outcome", if (error == null) "ok" else "error")
        if (error != null) {
            addProperty("code", error.errorCode)
            addProperty("maybeSent", error.errorMaybeSent)
            addProperty("attempts", error.errorAttempts)
        }
        addProperty("accepted", accepted)
    }
    writeReliability(transportRowFile(name), JsonObject().apply {
        addProperty("language", "jvm")
        add("transport", com.google.gson.JsonArray().apply { add(row) })
    })
}

fun writeReliability(file: File, doc: JsonObject) {
    file.parentFile.mkdirs()
    file.writeText(prettyGson.toJson(doc) + "\n")
}
