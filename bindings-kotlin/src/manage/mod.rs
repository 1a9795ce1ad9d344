//! What a broadcast leaves behind: list and cancel scheduled tasks, revoke
//! a task or a message, read a task's delivery figures (spec protocol §5).
//! Records in [`requests`] and [`results`]; the `Client` methods in
//! [`calls`]. Page iteration (`Flow` / `Iterable`) is hand-written Kotlin
//! (`src/main/kotlin/.../Paging.kt`) that follows the core's `nextPage`.

mod calls;
pub(crate) mod requests;
pub(crate) mod results;
