package io.github.mpaaspush

/**
 * The client (its calls are on the generated [ClientCore]); create one and share it.
 * For Java, `new Client(cfg)` and the static `Client.fromEnv(cfg)` declare [MpaasPushException].
 */
class Client : ClientCore {
    @Throws(MpaasPushException::class)
    @JvmOverloads
    constructor(config: ClientConfig = ClientConfig()) : super(config)

    private constructor(core: ClientCore) : super(UniffiWithHandle, core.use { it.uniffiCloneHandle() })

    companion object {
        /** Credentials from the environment or credential files; [config] holds the other options. */
        @JvmStatic
        @JvmOverloads
        @Throws(MpaasPushException::class)
        fun fromEnv(config: ClientConfig = ClientConfig()): Client = Client(ClientCore.fromEnv(config))
    }
}
