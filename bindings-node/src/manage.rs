//! The `Client` methods that manage what a broadcast leaves behind: list
//! and cancel scheduled tasks, revoke a task or a message, read delivery
//! figures — plus `send(action, request)` and `prepare(action, request)` for
//! any action. Each is a thin wrapper over the one generic entry
//! (`Client::spawn_send` / `Client::dry_run`, built on
//! `AnyRequest::from_json` + `send_any` / `prepare_any`), so conversion,
//! validation, retries and errors are those of `pushBroadcast`.
//!
//! Times in requests are a `Date`, epoch milliseconds or RFC 3339 text;
//! times in results are epoch milliseconds (`number`), as in the core's
//! JSON.

use mpaas_push::Action;
use napi::bindgen_prelude::{Env, PromiseRaw, Unknown};
use napi_derive::napi;
use serde_json::Value;

use crate::client::Client;
use crate::companion::{self, Pager};
use crate::convert::Reader;
use crate::iterators::{ScheduledTaskIterator, TaskReportIterator};
use crate::panics::{catch, guard};

impl Client {
    /// A pager over a list action; the request is read now (on the
    /// JavaScript thread), its problems surface at the first `next()`.
    fn pager(&self, env: &Env, action: Action, query: &Unknown<'_>) -> Pager {
        let json = catch(|| Reader::new(env).neutral(query));
        Pager::new(self.inner.clone(), action, json)
    }
}

#[napi]
impl Client {
    /// One page of the scheduled tasks (`QueryPushSchedulerList`) whose
    /// trigger time falls between `startTime` and `endTime`. Read-only:
    /// retried after any transient failure. `nextPage` names the following
    /// page (`null` on the last); `scheduledTasks()` walks them for you.
    #[napi(catch_unwind, ts_return_type = "Promise<SchedulerPage>")]
    pub fn query_schedulers<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "SchedulerListQuery")] query: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, Ok(Action::QueryPushSchedulerList), &query)
    }

    /// Every scheduled task matching `query`, all pages, as an async
    /// iterator: `for await (const task of client.scheduledTasks(query))`.
    /// Nothing is sent until the loop starts; a bad query or a failed page
    /// rejects the loop's `next()` with the usual error.
    #[napi(catch_unwind)]
    pub fn scheduled_tasks(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "SchedulerListQuery")] query: Unknown<'_>,
    ) -> napi::Result<ScheduledTaskIterator> {
        guard(env, || {
            Ok(ScheduledTaskIterator::new(self.pager(
                env,
                Action::QueryPushSchedulerList,
                &query,
            )))
        })
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
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, Ok(Action::CancelPushScheduler), &request)
    }

    /// Withdraws the messages of a broadcast or batch task
    /// (`RevokePushTask`). The service only reaches messages of the last 7
    /// days: give `sentAt` and an older task is refused before sending (code
    /// `validation`, field `sentAt`, rule `revoke_window`). A write (see
    /// `cancelSchedulers`).
    #[napi(catch_unwind, ts_return_type = "Promise<RevokeResult>")]
    pub fn revoke_task<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "RevokeTaskRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Value>> {
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
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, Ok(Action::RevokePushMessage), &request)
    }

    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    /// Read-only: retried after any transient failure.
    #[napi(catch_unwind, ts_return_type = "Promise<TaskDetail>")]
    pub fn task_detail<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "TaskDetailQuery")] query: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Value>> {
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
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, Ok(Action::QueryPushAnalysisTaskList), &query)
    }

    /// Every task report matching `query`, all pages, as an async iterator:
    /// `for await (const report of client.taskReports(query))`. Nothing is
    /// sent until the loop starts; a bad query or a failed page rejects the
    /// loop's `next()` with the usual error.
    #[napi(catch_unwind)]
    pub fn task_reports(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "TaskListQuery")] query: Unknown<'_>,
    ) -> napi::Result<TaskReportIterator> {
        guard(env, || {
            Ok(TaskReportIterator::new(self.pager(
                env,
                Action::QueryPushAnalysisTaskList,
                &query,
            )))
        })
    }

    /// Sends a request of any action, named by its wire name (e.g.
    /// `'CancelPushScheduler'`; the snake_case form is also accepted) and
    /// resolves to that action's result — what the typed methods do. An
    /// unknown action rejects with code `config`.
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
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, catch(|| companion::action(&action)), &request)
    }

    /// Dry run of any action: validates and signs without sending and
    /// returns the exact HTTP request (secrets redacted), like
    /// `prepareBroadcast`. `nonce` and `timestamp` pin the signature (the
    /// timestamp is also "now" for validation, e.g. the 7-day revoke
    /// window). Throws on failure.
    #[napi(
        catch_unwind,
        ts_generic_types = "A extends keyof ActionRequests",
        ts_args_type = "action: A, request: ActionRequests[A], options?: PrepareOptions",
        ts_return_type = "PreparedRequest"
    )]
    pub fn prepare(
        &self,
        env: &Env,
        action: Unknown<'_>,
        request: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        self.dry_run(
            env,
            catch(|| companion::action(&action)),
            &request,
            options.as_ref(),
        )
    }
}
