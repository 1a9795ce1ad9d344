//! `uniffi-bindgen` at exactly the uniffi version of `mpaas-push-kotlin`:
//! generates the Kotlin sources from the built library (library mode).

fn main() {
    uniffi::uniffi_bindgen_main()
}
