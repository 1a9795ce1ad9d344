//! The JavaScript `Client` class: the core `Client` behind a napi object.
//! Options and requests are converted to the core's neutral JSON
//! ([`crate::convert::to_json`]) and read by the core
//! (`ClientOptions::from_json`, `AnyRequest::from_json`); results come back
//! from the core's typed results (`convert`).

use std::sync::{Arc, RwLock};

use mpaas_push::{
    Action, AnyPager, AnyRequest, BroadcastResult, CancelResult, Client as CoreClient,
    ClientOptions, Error, RevokeResult, SchedulerPage, TaskDetail, TaskListPage, host,
};
use napi::bindgen_prelude::{Env, PromiseRaw, Unknown};
use napi_derive::napi;
use serde_json::Value;

use crate::convert::{kind, prepared_to_js, to_js, to_json};
use crate::errors::{config, guard, spawn};
use crate::pager::PageIterator;

/// The typed result of any action (what the Promise resolves to).
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
enum Outcome {
    Broadcast(BroadcastResult),
    Schedulers(SchedulerPage),
    Cancel(CancelResult),
    Revoke(RevokeResult),
    Detail(TaskDetail),
    Reports(TaskListPage),
}

async fn send(client: CoreClient, request: AnyRequest) -> Result<Outcome, Error> {
    Ok(match request {
        AnyRequest::PushBroadcast(r) => Outcome::Broadcast(client.send(&*r).await?),
        AnyRequest::QueryPushSchedulerList(r) => Outcome::Schedulers(client.send(&r).await?),
        AnyRequest::CancelPushScheduler(r) => Outcome::Cancel(client.send(&r).await?),
        AnyRequest::RevokePushTask(r) => Outcome::Revoke(client.send(&r).await?),
        AnyRequest::RevokePushMessage(r) => Outcome::Revoke(client.send(&r).await?),
        AnyRequest::QueryPushAnalysisTaskDetail(r) => Outcome::Detail(client.send(&r).await?),
        AnyRequest::QueryPushAnalysisTaskList(r) => Outcome::Reports(client.send(&r).await?),
        other => {
            return Err(Error::internal(format!(
                "{} has no result type in this package version",
                other.action().as_str()
            )));
        }
    })
}

/// Reads the `action` argument of `send` / `prepare` (the wire name or its
/// snake_case form, read by the core).
fn action(v: &Unknown<'_>) -> Result<Action, Error> {
    match to_json(v, "action")? {
        Value::String(name) => name.parse(),
        other => Err(host::wrong_type(
            "action",
            "an action name such as 'QueryPushSchedulerList'",
            kind(&other),
        )),
    }
}

/// The core client behind a JavaScript `Client`, shared with its
/// iterators; `None` after `close()`.
pub(crate) type Handle = Arc<RwLock<Option<CoreClient>>>;

/// The core client, or a `config` error once it was closed.
pub(crate) fn core(handle: &Handle) -> Result<CoreClient, Error> {
    let inner = handle.read().unwrap_or_else(|e| e.into_inner());
    inner.clone().ok_or_else(|| config("the client is closed"))
}

/// A Message Push Service client. Create one and share it: it owns one
/// connection pool, and any number of calls may run at once. Secrets are
/// never stored on the JavaScript object.
#[napi]
#[derive(Debug)]
pub struct Client {
    inner: Handle,
    endpoint: String,
    user_agent: String,
}

impl Client {
    fn make(env: &Env, options: Option<&Unknown<'_>>, from_env: bool) -> napi::Result<Self> {
        guard(env, || {
            let json = match options {
                Some(v) => to_json(v, "options").map_err(host::in_options)?,
                None => Value::Null,
            };
            let opts = match json {
                Value::Null => ClientOptions::default(),
                v => ClientOptions::from_json(&v)?,
            };
            let client = if from_env {
                opts.build_from_env("node")?
            } else {
                opts.build("node")?
            };
            Ok(Self {
                endpoint: client.endpoint().url().to_owned(),
                user_agent: client.user_agent().to_owned(),
                inner: Arc::new(RwLock::new(Some(client))),
            })
        })
    }

    fn core(&self) -> Result<CoreClient, Error> {
        core(&self.inner)
    }

    fn request(action: Result<Action, Error>, request: &Unknown<'_>) -> Result<AnyRequest, Error> {
        Ok(AnyRequest::from_json(
            action?,
            &to_json(request, "request")?,
        )?)
    }

    /// Sends a request of `action`; the Promise resolves to its result.
    /// Conversion errors reject it like every other failure.
    fn spawn_send<'env>(
        &self,
        env: &'env Env,
        action: Result<Action, Error>,
        request: &Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        let read = mpaas_push::panic::catch(|| Self::request(action, request), |e| e);
        let client = self.core();
        let call = async move { send(client?, read?).await };
        spawn(env, call, |env, out| to_js(env, &out))
    }

    /// The dry run of every action (thrown errors).
    fn dry_run<'env>(
        &self,
        env: &'env Env,
        action: Result<Action, Error>,
        request: &Unknown<'_>,
        options: Option<&Unknown<'_>>,
    ) -> napi::Result<Unknown<'env>> {
        guard(env, || {
            let client = self.core()?;
            let request = Self::request(action, request)?;
            let (nonce, at) = mpaas_push::host::pins(
                match options {
                    Some(v) => to_json(v, "options")?,
                    None => Value::Null,
                },
                "options",
            )?;
            let prepared = client.prepare_any_pinned(&request, at.as_deref(), nonce.as_deref())?;
            prepared_to_js(env, prepared)
        })
    }

    /// A page iterator over a list action; the query is read now, its
    /// problems reject the first `next()`.
    fn pages(&self, env: &Env, action: Action, query: &Unknown<'_>) -> napi::Result<PageIterator> {
        guard(env, || {
            let pager = mpaas_push::panic::catch(
                || AnyPager::new(self.core()?, Self::request(Ok(action), query)?),
                |e| e,
            );
            Ok(PageIterator::new(Arc::clone(&self.inner), pager))
        })
    }

    fn is_closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }
}

#[napi]
impl Client {
    /// A client. Without `accessKeyId`/`accessKeySecret`, credentials come
    /// from the default chain (environment, `~/.aliyun/config.json`,
    /// `~/.alibabacloud/credentials`) and a missing key throws now (code
    /// `credentials`). A bad option throws code `config` naming it (`field`)
    /// and the rule it broke (`rule`).
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "ClientOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        Self::make(env, options.as_ref(), false)
    }

    /// A client whose credentials come from the environment or the
    /// credential files; `options` are the other options of `new Client()`
    /// (credential options are refused).
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "options?: Omit<ClientOptions, 'accessKeyId' | 'accessKeySecret' | 'securityToken'>"
    )]
    pub fn from_env(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        Self::make(env, options.as_ref(), true)
    }

    /// Validates, signs and sends one PushBroadcast. Resolves to the result;
    /// rejects with an `Error` whose `code` says what happened (`maybeSent`
    /// tells whether the broadcast may have gone out). Runs on the engine's
    /// own threads: the event loop is never blocked. Only failures that
    /// cannot have reached the service are retried (each attempt signed
    /// anew, the same `msgkey`).
    #[napi(catch_unwind, ts_return_type = "Promise<BroadcastResult>")]
    pub fn push_broadcast<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "BroadcastRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::PushBroadcast), &request)
    }

    /// Dry run: validates and signs without sending and returns the exact
    /// HTTP request (secrets redacted). `nonce` and `timestamp` pin the
    /// signature (the timestamp is also "now" for validation).
    #[napi(catch_unwind, ts_return_type = "PreparedRequest")]
    pub fn prepare_broadcast<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "BroadcastRequest")] request: Unknown<'_>,
        #[napi(ts_arg_type = "PrepareOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'env>> {
        self.dry_run(env, Ok(Action::PushBroadcast), &request, options.as_ref())
    }

    /// One page of the scheduled tasks (`QueryPushSchedulerList`) whose
    /// trigger time falls between `startTime` and `endTime`. Read-only:
    /// retried after any transient failure. `nextPage` names the following
    /// page (`null` on the last); `scheduledTasks()` walks them for you.
    #[napi(catch_unwind, ts_return_type = "Promise<SchedulerPage>")]
    pub fn query_schedulers<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "SchedulerListQuery")] query: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::QueryPushSchedulerList), &query)
    }

    /// Every scheduled task matching `query`, all pages (from its
    /// `pageNumber` on), as an async iterator: `for await (const task of
    /// client.scheduledTasks(query))`. Nothing is sent until the loop starts.
    #[napi(catch_unwind, ts_return_type = "AsyncIterableIterator<ScheduledTask>")]
    pub fn scheduled_tasks(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "SchedulerListQuery")] query: Unknown<'_>,
    ) -> napi::Result<PageIterator> {
        self.pages(env, Action::QueryPushSchedulerList, &query)
    }

    /// Cancels scheduled tasks by unique id (`CancelPushScheduler`; the
    /// task ids `pushBroadcast` returned). A write: like `pushBroadcast`, a
    /// failure that may have reached the service is not retried unless
    /// `retry.retryMaybeSent` (see `maybeSent` on the error).
    #[napi(catch_unwind, ts_return_type = "Promise<CancelResult>")]
    pub fn cancel_schedulers<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "CancelSchedulerRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::CancelPushScheduler), &request)
    }

    /// Withdraws the messages of a broadcast or batch task
    /// (`RevokePushTask`). The service only reaches messages of the last 7
    /// days: give `sentAt` and an older task is refused before sending (code
    /// `validation`, field `sentAt`). A write (see `cancelSchedulers`).
    #[napi(catch_unwind, ts_return_type = "Promise<RevokeResult>")]
    pub fn revoke_task<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "RevokeTaskRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::RevokePushTask), &request)
    }

    /// Withdraws one message of a simple or template push, by its msgkey and
    /// the device or user it went to (`RevokePushMessage`). A write (see
    /// `cancelSchedulers`).
    #[napi(catch_unwind, ts_return_type = "Promise<RevokeResult>")]
    pub fn revoke_message<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "RevokeMessageRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::RevokePushMessage), &request)
    }

    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    /// Read-only: retried after any transient failure.
    #[napi(catch_unwind, ts_return_type = "Promise<TaskDetail>")]
    pub fn task_detail<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "TaskDetailQuery")] query: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::QueryPushAnalysisTaskDetail), &query)
    }

    /// One page of the tasks created since `startTime`, with their
    /// sub-tasks (`QueryPushAnalysisTaskList`). Read-only: retried after any
    /// transient failure. `taskReports()` walks the pages for you.
    #[napi(catch_unwind, ts_return_type = "Promise<TaskListPage>")]
    pub fn task_list<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "TaskListQuery")] query: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        self.spawn_send(env, Ok(Action::QueryPushAnalysisTaskList), &query)
    }

    /// Every task report matching `query`, all pages, as an async iterator:
    /// `for await (const report of client.taskReports(query))`.
    #[napi(catch_unwind, ts_return_type = "AsyncIterableIterator<TaskReport>")]
    pub fn task_reports(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "TaskListQuery")] query: Unknown<'_>,
    ) -> napi::Result<PageIterator> {
        self.pages(env, Action::QueryPushAnalysisTaskList, &query)
    }

    /// Sends a request of any action, named by its wire name (e.g.
    /// `'CancelPushScheduler'`; the snake_case form is also accepted) and
    /// resolves to that action's result. An unknown action rejects with
    /// code `config` (field `action`).
    #[napi(
        catch_unwind,
        ts_generic_types = "A extends keyof ActionRequests",
        ts_args_type = "action: A, request: ActionRequests[A]",
        ts_return_type = "Promise<ActionResults[A]>"
    )]
    pub fn send<'env>(
        &self,
        env: &'env Env,
        action: Unknown<'_>,
        request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Unknown<'env>>> {
        let action = mpaas_push::panic::catch(|| self::action(&action), |e| e);
        self.spawn_send(env, action, &request)
    }

    /// Dry run of any action, like `prepareBroadcast`. Throws on failure.
    #[napi(
        catch_unwind,
        ts_generic_types = "A extends keyof ActionRequests",
        ts_args_type = "action: A, request: ActionRequests[A], options?: PrepareOptions",
        ts_return_type = "PreparedRequest"
    )]
    pub fn prepare<'env>(
        &self,
        env: &'env Env,
        action: Unknown<'_>,
        request: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'env>> {
        let action = mpaas_push::panic::catch(|| self::action(&action), |e| e);
        self.dry_run(env, action, &request, options.as_ref())
    }

    /// Releases the connection pool; later calls fail with code `config`.
    /// Calls already running finish normally.
    #[napi(catch_unwind)]
    pub fn close(&self) {
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether `close()` was called.
    #[napi(getter, catch_unwind)]
    pub fn closed(&self) -> bool {
        self.is_closed()
    }

    /// The endpoint URL in use.
    #[napi(getter, catch_unwind)]
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// The user agent sent with every request.
    #[napi(getter, catch_unwind)]
    pub fn user_agent(&self) -> String {
        self.user_agent.clone()
    }

    /// `Client(endpoint=…, userAgent=…)` — never a secret.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_display(&self) -> String {
        let closed = if self.is_closed() { ", closed" } else { "" };
        format!(
            "Client(endpoint={:?}, userAgent={:?}{closed})",
            self.endpoint, self.user_agent
        )
    }

    /// What `JSON.stringify(client)` shows: endpoint, user agent, closed.
    #[napi(
        js_name = "toJSON",
        catch_unwind,
        ts_return_type = "{ endpoint: string; userAgent: string; closed: boolean }"
    )]
    pub fn to_json(&self) -> Value {
        serde_json::json!({"endpoint": self.endpoint, "userAgent": self.user_agent, "closed": self.is_closed()})
    }

    /// What `util.inspect(client)` / `console.log(client)` shows.
    #[napi(
        symbol_for = "nodejs.util.inspect.custom",
        skip_typescript,
        catch_unwind
    )]
    pub fn inspect(&self) -> String {
        self.to_display()
    }
}
