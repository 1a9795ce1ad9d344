//! The companion actions on `Client`: each one a `suspend fun`, a
//! `…Blocking` twin and a `prepare…` dry run, all through one path — the
//! record's neutral JSON → `AnyRequest::from_json` → `send_any` /
//! `prepare_any` → the core's result JSON → the result record. Retries are
//! the core's: read-only `Query*` calls are retried freely, cancel and
//! revoke follow the PushBroadcast rules. `sendJson` / `prepareJson` reach
//! any action with neutral JSON text.

use std::time::SystemTime;

use mpaas_push::{Action, AnyRequest, Error};
use serde_json::Value;

use super::requests::{
    CancelSchedulerRequest, Request, RevokeMessageRequest, RevokeTaskRequest, SchedulerListQuery,
    TaskDetailQuery, TaskListQuery,
};
use super::results::{CancelResult, RevokeResult, SchedulerPage, TaskDetail, TaskListPage};
use crate::client::{Client, PreparedRequest};
use crate::errors::MpaasPushError;
use crate::panics::{CatchUnwind, catch};
use crate::text::JvmString;

type Reader<T> = fn(&Value) -> Result<T, Error>;

fn any<R: Request>(r: &R) -> Result<AnyRequest, Error> {
    Ok(AnyRequest::from_json(R::ACTION, &r.to_json()?)?)
}

fn any_text(action: &JvmString, json: &JvmString) -> Result<AnyRequest, Error> {
    let action: Action = action.text("action")?.parse()?;
    Ok(AnyRequest::from_json_str(action, json.text("request")?)?)
}

fn text(v: &Value) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::internal(format!("result JSON: {e}")))
}

impl Client {
    async fn call<T: Send + 'static>(
        &self,
        req: Result<AnyRequest, Error>,
        read: Reader<T>,
    ) -> Result<T, MpaasPushError> {
        let client = self.inner.clone();
        // The core runs the call on its own tokio runtime; this future only
        // waits for it, so any Kotlin dispatcher may poll it.
        let call = async move { read(&client.send_any(&req?).await?) };
        CatchUnwind(Box::pin(call))
            .await
            .map_err(MpaasPushError::from)
    }

    fn call_blocking<T>(
        &self,
        req: impl FnOnce() -> Result<AnyRequest, Error>,
        read: Reader<T>,
    ) -> Result<T, MpaasPushError> {
        catch(|| read(&self.inner.send_any_blocking(&req()?)?)).map_err(MpaasPushError::from)
    }

    fn dry_run(
        &self,
        req: impl FnOnce() -> Result<AnyRequest, Error>,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        catch(|| {
            let at = timestamp.map(chrono::DateTime::<chrono::Utc>::from);
            let nonce = nonce.as_ref().map(|n| n.text("nonce")).transpose()?;
            let prepared = self.inner.prepare_any(&req()?, at, nonce)?;
            Ok(prepared.into())
        })
        .map_err(MpaasPushError::from)
    }
}

#[uniffi::export]
impl Client {
    /// One page of scheduled tasks (`QueryPushSchedulerList`; a `suspend
    /// fun` in Kotlin). Read-only: retried on any transient failure. Every
    /// page: `client.scheduledTasks(query)`.
    pub async fn query_schedulers(
        &self,
        query: SchedulerListQuery,
    ) -> Result<SchedulerPage, MpaasPushError> {
        self.call(catch(|| any(&query)), SchedulerPage::read).await
    }

    /// [`query_schedulers`](Self::query_schedulers) for blocking callers.
    pub fn query_schedulers_blocking(
        &self,
        query: SchedulerListQuery,
    ) -> Result<SchedulerPage, MpaasPushError> {
        self.call_blocking(|| any(&query), SchedulerPage::read)
    }

    /// Dry run of `QueryPushSchedulerList`: validates and signs, sends
    /// nothing. `nonce` and `timestamp` pin the signature (the timestamp is
    /// also "now" for validation).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_query_schedulers(
        &self,
        query: SchedulerListQuery,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&query), nonce, timestamp)
    }

    /// Cancels scheduled tasks (`CancelPushScheduler`). Not retried once it
    /// may have reached the service (like `pushBroadcast`): then the
    /// exception says `maybeSent`.
    pub async fn cancel_schedulers(
        &self,
        request: CancelSchedulerRequest,
    ) -> Result<CancelResult, MpaasPushError> {
        self.call(catch(|| any(&request)), CancelResult::read).await
    }

    /// [`cancel_schedulers`](Self::cancel_schedulers) for blocking callers.
    pub fn cancel_schedulers_blocking(
        &self,
        request: CancelSchedulerRequest,
    ) -> Result<CancelResult, MpaasPushError> {
        self.call_blocking(|| any(&request), CancelResult::read)
    }

    /// Dry run of `CancelPushScheduler` (see
    /// [`prepare_query_schedulers`](Self::prepare_query_schedulers)).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_cancel_schedulers(
        &self,
        request: CancelSchedulerRequest,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&request), nonce, timestamp)
    }

    /// Revokes a broadcast task (`RevokePushTask`); with `sentAt` older than
    /// 7 days it throws `Validation` before sending. A refusal by the
    /// service throws `PushFailed`. Retried like `pushBroadcast`.
    pub async fn revoke_task(
        &self,
        request: RevokeTaskRequest,
    ) -> Result<RevokeResult, MpaasPushError> {
        self.call(catch(|| any(&request)), RevokeResult::read).await
    }

    /// [`revoke_task`](Self::revoke_task) for blocking callers.
    pub fn revoke_task_blocking(
        &self,
        request: RevokeTaskRequest,
    ) -> Result<RevokeResult, MpaasPushError> {
        self.call_blocking(|| any(&request), RevokeResult::read)
    }

    /// Dry run of `RevokePushTask` (the 7-day window is checked against
    /// `timestamp` when given).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_revoke_task(
        &self,
        request: RevokeTaskRequest,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&request), nonce, timestamp)
    }

    /// Revokes one message of a simple or template push
    /// (`RevokePushMessage`). A refusal throws `PushFailed`.
    pub async fn revoke_message(
        &self,
        request: RevokeMessageRequest,
    ) -> Result<RevokeResult, MpaasPushError> {
        self.call(catch(|| any(&request)), RevokeResult::read).await
    }

    /// [`revoke_message`](Self::revoke_message) for blocking callers.
    pub fn revoke_message_blocking(
        &self,
        request: RevokeMessageRequest,
    ) -> Result<RevokeResult, MpaasPushError> {
        self.call_blocking(|| any(&request), RevokeResult::read)
    }

    /// Dry run of `RevokePushMessage`.
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_revoke_message(
        &self,
        request: RevokeMessageRequest,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&request), nonce, timestamp)
    }

    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    /// Read-only: retried on any transient failure.
    pub async fn task_detail(&self, query: TaskDetailQuery) -> Result<TaskDetail, MpaasPushError> {
        self.call(catch(|| any(&query)), TaskDetail::read).await
    }

    /// [`task_detail`](Self::task_detail) for blocking callers.
    pub fn task_detail_blocking(
        &self,
        query: TaskDetailQuery,
    ) -> Result<TaskDetail, MpaasPushError> {
        self.call_blocking(|| any(&query), TaskDetail::read)
    }

    /// Dry run of `QueryPushAnalysisTaskDetail`.
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_task_detail(
        &self,
        query: TaskDetailQuery,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&query), nonce, timestamp)
    }

    /// One page of tasks with their sub-tasks
    /// (`QueryPushAnalysisTaskList`). Read-only: retried on any transient
    /// failure. Every page: `client.taskReports(query)`.
    pub async fn task_list(&self, query: TaskListQuery) -> Result<TaskListPage, MpaasPushError> {
        self.call(catch(|| any(&query)), TaskListPage::read).await
    }

    /// [`task_list`](Self::task_list) for blocking callers.
    pub fn task_list_blocking(&self, query: TaskListQuery) -> Result<TaskListPage, MpaasPushError> {
        self.call_blocking(|| any(&query), TaskListPage::read)
    }

    /// Dry run of `QueryPushAnalysisTaskList`.
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_task_list(
        &self,
        query: TaskListQuery,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any(&query), nonce, timestamp)
    }

    /// Sends any action (`PushBroadcast`, `QueryPushSchedulerList`, … or
    /// its snake_case name) with the request as neutral camelCase JSON text;
    /// returns the core's result JSON text (camelCase, times in ms).
    pub async fn send_json(
        &self,
        action: JvmString,
        request_json: JvmString,
    ) -> Result<String, MpaasPushError> {
        self.call(catch(|| any_text(&action, &request_json)), text)
            .await
    }

    /// [`send_json`](Self::send_json) for blocking callers.
    pub fn send_json_blocking(
        &self,
        action: JvmString,
        request_json: JvmString,
    ) -> Result<String, MpaasPushError> {
        self.call_blocking(|| any_text(&action, &request_json), text)
    }

    /// Dry run of any action with the request as neutral camelCase JSON
    /// text (see [`send_json`](Self::send_json)).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_json(
        &self,
        action: JvmString,
        request_json: JvmString,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        self.dry_run(|| any_text(&action, &request_json), nonce, timestamp)
    }
}
