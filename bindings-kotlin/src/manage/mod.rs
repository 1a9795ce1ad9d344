//! What a broadcast leaves behind: list and cancel scheduled tasks, revoke
//! a task or a message, read a task's delivery figures (spec protocol §5).
//! Records in [`requests`] and [`results`]; the `Client` methods and the
//! pagers in [`calls`].

mod calls;
pub(crate) mod requests;
pub(crate) mod results;
