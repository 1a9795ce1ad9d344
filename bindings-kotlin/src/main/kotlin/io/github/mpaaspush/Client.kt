package io.github.mpaaspush

/**
 * A Message Push Service client (every call is on the generated [ClientCore]
 * it extends). Create one and share it: it owns one connection pool and any
 * number of calls (threads or coroutines) may run at once; `close()` releases
 * it. This class only makes construction feel native in Java:
 * `new Client(cfg)` and `Client.fromEnv(cfg)` declare
 * [MpaasPushException] (a bad option throws `Config` naming it).
 */
class Client : ClientCore {
    @Throws(MpaasPushException::class)
    @JvmOverloads
    constructor(config: ClientConfig = ClientConfig()) : super(config)

    private constructor(core: ClientCore) : super(UniffiWithHandle, core.use { it.uniffiCloneHandle() })

    companion object {
        /**
         * A client whose credentials come from the environment
         * (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `_SECURITY_TOKEN`) or
         * the credential files; [config] holds the other options.
         */
        @JvmStatic
        @JvmOverloads
        @Throws(MpaasPushException::class)
        fun fromEnv(config: ClientConfig = ClientConfig()): Client = Client(ClientCore.fromEnv(config))
    }
}
