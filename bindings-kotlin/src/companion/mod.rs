//! What a broadcast leaves behind (spec protocol §5): list and cancel
//! scheduled tasks, revoke, delivery figures; and the calls of every action.

mod calls;
pub(crate) mod requests;
pub(crate) mod results;
