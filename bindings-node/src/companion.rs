//! Every action through one path: a JavaScript request becomes an
//! `AnyRequest` (the core reads the neutral JSON and names the field), is
//! sent with `Client::send_any` or signed with `Client::prepare_any`, and the
//! result comes back as the core's camelCase JSON. The typed methods of
//! `Client` (`querySchedulers`, `cancelSchedulers`, …) are thin wrappers.
//!
//! [`Pager`] walks the pages of a list action for the async iterators: it
//! asks for the page the previous result named in `nextPage` (the core
//! decides that; nothing is computed here) and stops after the page whose
//! `nextPage` is `null`, or after the first error.

use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

use mpaas_push::{Action, AnyRequest, Client as CoreClient, Error};
use napi::ValueType;
use napi::bindgen_prelude::{Env, Unknown};
use serde_json::{Map, Value};

use crate::convert::{Parsed, Reader};
use crate::errors::config;

/// The client behind a JavaScript `Client`, shared with its iterators;
/// `None` once `close()` was called.
pub(crate) type Shared = Arc<RwLock<Option<CoreClient>>>;

/// The core client, or a `config` error when it was closed.
pub(crate) fn core(shared: &Shared) -> Result<CoreClient, Error> {
    shared
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| config("the client is closed"))
}

/// Reads the `action` argument: the wire name (`QueryPushSchedulerList`) or
/// its snake_case form; anything else is a `config` error (a name with a
/// lone surrogate: `validation`, rule `utf8`, like every string read).
pub(crate) fn action(v: &Unknown<'_>) -> Result<Action, Error> {
    let internal = |e: napi::Error| Error::internal(format!("could not read action: {}", e.reason));
    if v.get_type().map_err(internal)? != ValueType::String {
        return Err(config(
            "action must be a string such as 'QueryPushSchedulerList'",
        ));
    }
    let name = crate::convert::js_string(v, "action")?;
    name.parse()
}

/// A request read from JavaScript.
#[derive(Debug)]
pub(crate) struct Request {
    /// The request, read and shape-checked by the core.
    pub(crate) any: AnyRequest,
    /// PushBroadcast with the typed `strategy` (its errors are renamed).
    pub(crate) typed_strategy: bool,
}

/// Reads `v` as a request of `action`. PushBroadcast keeps its typed
/// `strategy`; the other actions are neutral JSON with `Date`s allowed in
/// their time fields.
pub(crate) fn read(env: &Env, action: Action, v: &Unknown<'_>) -> Result<Request, Error> {
    let mut reader = Reader::new(env);
    if action == Action::PushBroadcast {
        let Parsed {
            request,
            typed_strategy,
        } = reader.request(v)?;
        return Ok(Request {
            any: AnyRequest::PushBroadcast(Box::new(request)),
            typed_strategy,
        });
    }
    let json = reader.neutral(v)?;
    Ok(Request {
        any: AnyRequest::from_json(action, &json)?,
        typed_strategy: false,
    })
}

/// What a pager does next.
#[derive(Debug)]
enum Next {
    /// Ask for this request (the neutral JSON of the page to fetch).
    Fetch(Map<String, Value>),
    /// Report this error once (the request could not be read), then stop.
    Fail(Error),
    /// Nothing more.
    Done,
}

#[derive(Debug)]
struct State {
    buffered: VecDeque<Value>,
    next: Next,
}

/// The pages of one list query (`QueryPushSchedulerList`,
/// `QueryPushAnalysisTaskList`), item by item. Calls are serialised: two
/// `next()` at once get consecutive items.
#[derive(Debug)]
pub(crate) struct Pager {
    client: Shared,
    action: Action,
    state: tokio::sync::Mutex<State>,
}

impl Pager {
    /// A pager over `action` starting from `request` (neutral JSON); a
    /// request that cannot be read makes the first `next()` fail.
    pub(crate) fn new(client: Shared, action: Action, request: Result<Value, Error>) -> Self {
        let next = match request.and_then(|json| {
            // Shape errors (unknown field, wrong type) surface now, at the
            // first `next()`, exactly as the core reports them.
            AnyRequest::from_json(action, &json)?;
            match json {
                Value::Object(m) => Ok(m),
                _ => Err(Error::internal(
                    "the core accepted a request that is not an object",
                )),
            }
        }) {
            Ok(m) => Next::Fetch(m),
            Err(e) => Next::Fail(e),
        };
        Self {
            client,
            action,
            state: tokio::sync::Mutex::new(State {
                buffered: VecDeque::new(),
                next,
            }),
        }
    }

    /// The next item, or `None` after the last page.
    pub(crate) async fn next(&self) -> Result<Option<Value>, Error> {
        let mut st = self.state.lock().await;
        loop {
            if let Some(item) = st.buffered.pop_front() {
                return Ok(Some(item));
            }
            // An error ends the iteration: `next` stays `Done`.
            match std::mem::replace(&mut st.next, Next::Done) {
                Next::Done => return Ok(None),
                Next::Fail(e) => return Err(e),
                Next::Fetch(mut request) => {
                    let any = AnyRequest::from_json(self.action, &Value::Object(request.clone()))?;
                    let page = core(&self.client)?.send_any(&any).await?;
                    let (items, next_page) = split_page(page)?;
                    st.buffered.extend(items);
                    if let Some(n) = next_page {
                        request.insert("pageNumber".to_owned(), n);
                        st.next = Next::Fetch(request);
                    }
                }
            }
        }
    }

    /// Stops the iteration (`return()`, e.g. `break` in `for await`).
    pub(crate) async fn finish(&self) {
        let mut st = self.state.lock().await;
        st.buffered.clear();
        st.next = Next::Done;
    }
}

/// A page result → its items and the `nextPage` the core set (`None` on the
/// last page).
fn split_page(page: Value) -> Result<(Vec<Value>, Option<Value>), Error> {
    let Value::Object(mut page) = page else {
        return Err(Error::internal("a page result is not an object"));
    };
    let items = match page.remove("tasks") {
        Some(Value::Array(items)) => items,
        _ => return Err(Error::internal("a page result has no `tasks` list")),
    };
    let next = page.remove("nextPage").filter(|n| !n.is_null());
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_follow_next_page_until_null() {
        let (items, next) =
            split_page(json!({"tasks": [{"uniqueId": "1"}, {"uniqueId": "2"}], "nextPage": 3}))
                .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(next, Some(json!(3)));
        let (items, next) = split_page(json!({"tasks": [], "nextPage": null})).unwrap();
        assert!(items.is_empty());
        assert_eq!(next, None);
        let e = split_page(json!({"nextPage": null})).unwrap_err();
        assert_eq!(e.code().as_str(), "internal");
    }

    #[test]
    fn an_unreadable_request_fails_once_then_ends() {
        let shared: Shared = Arc::new(RwLock::new(None));
        let bad = json!({"appId": "A", "workspaceId": "W", "startTime": 1, "endtTime": 2});
        let pager = Pager::new(shared, Action::QueryPushSchedulerList, Ok(bad));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let e = rt.block_on(pager.next()).unwrap_err();
        assert_eq!(e.field(), Some("endtTime"));
        assert_eq!(rt.block_on(pager.next()).unwrap(), None);
    }

    #[test]
    fn a_closed_client_fails_the_first_page() {
        let shared: Shared = Arc::new(RwLock::new(None));
        let q = json!({"appId": "A", "workspaceId": "W", "startTime": 1, "endTime": 2});
        let pager = Pager::new(shared, Action::QueryPushSchedulerList, Ok(q));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let e = rt.block_on(pager.next()).unwrap_err();
        assert_eq!(e.code().as_str(), "config");
        assert_eq!(rt.block_on(pager.next()).unwrap(), None);
    }
}
