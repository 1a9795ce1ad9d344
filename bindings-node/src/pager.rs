//! `for await (const task of client.scheduledTasks(query))`: the core's
//! `AnyPager` behind an async iterator. Which page comes next is the core's
//! answer; after a failed page the next `next()` asks for it again.

use std::sync::Arc;

use mpaas_push::{AnyPager, Error};
use napi::bindgen_prelude::{Env, Object, PromiseRaw, This};
use napi_derive::napi;
use tokio::sync::Mutex;

use crate::convert::to_js;
use crate::errors::spawn;

/// The pager, the error of a request that could not be read (reported by
/// the first `next()`), or `None` when done.
type State = Arc<Mutex<Option<Result<AnyPager, Error>>>>;

/// The items of a list action, page after page, as an async iterator (its
/// own `[Symbol.asyncIterator]()`). Pages are fetched as the loop asks for
/// them; a bad query or a failed page rejects `next()` with the usual error.
#[napi]
#[derive(Debug)]
pub struct PageIterator {
    state: State,
    /// The JavaScript client's handle: `close()` stops its iterators too.
    client: crate::client::Handle,
}

impl PageIterator {
    pub(crate) fn new(client: crate::client::Handle, pager: Result<AnyPager, Error>) -> Self {
        Self {
            state: Arc::new(Mutex::new(Some(pager))),
            client,
        }
    }
}

/// `{ value, done }`.
fn step<'env>(env: &'env Env, item: Option<mpaas_push::AnyItem>) -> Result<Object<'env>, Error> {
    let mut obj = Object::new(env).map_err(crate::convert::napi_failure)?;
    let done = item.is_none();
    match item {
        Some(item) => obj.set("value", to_js(env, &item)?),
        None => obj.set("value", ()),
    }
    .and_then(|()| obj.set("done", done))
    .map_err(crate::convert::napi_failure)?;
    Ok(obj)
}

#[napi]
impl PageIterator {
    /// The next item: `{ value, done: false }`, or `{ value: undefined,
    /// done: true }` after the last page.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<IteratorResult<ScheduledTask | TaskReport, undefined>>"
    )]
    pub fn next<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let state = Arc::clone(&self.state);
        let open = crate::client::core(&self.client).map(drop);
        let call = async move {
            open?;
            let mut st = state.lock().await;
            let item = match st.as_mut() {
                None => None,
                Some(Ok(pager)) => pager.next().await?,
                Some(Err(_)) => return st.take().map_or(Ok(None), |r| r.map(|_| None)),
            };
            if item.is_none() {
                *st = None;
            }
            Ok(item)
        };
        spawn(env, call, step)
    }

    /// Stops the iteration (what `break` in `for await` calls); later
    /// `next()` calls resolve to `done`.
    #[napi(
        js_name = "return",
        catch_unwind,
        ts_return_type = "Promise<IteratorReturnResult<undefined>>"
    )]
    pub fn finish<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let state = Arc::clone(&self.state);
        spawn(
            env,
            async move { Ok(state.lock().await.take().map(|_| ())) },
            |env, _| step(env, None),
        )
    }

    /// The iterator itself (so `for await … of` accepts it).
    #[napi(well_known_symbol = "asyncIterator", ts_return_type = "this")]
    pub fn iterator<'a>(&self, this: This<'a>) -> Object<'a> {
        this.object
    }
}
