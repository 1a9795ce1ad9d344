//! Every action as `suspend fun`, `…Blocking` and `prepare…` dry run, the
//! pagers behind `Paging.kt`, and `prepareJson` (the neutral JSON of spec §2).

use std::sync::Arc;
use std::time::SystemTime;

use mpaas_push::{Action, AnyRequest, Pager};
use tokio::sync::Mutex;

use super::requests::{
    CancelSchedulerRequest, RevokeMessageRequest, RevokeTaskRequest, SchedulerListQuery,
    TaskDetailQuery, TaskListQuery,
};
use super::results::{
    CancelResult, RevokeResult, ScheduledTask, SchedulerPage, TaskDetail, TaskListPage, TaskReport,
};
use crate::client::{BroadcastResult, ClientCore, PreparedRequest, pins};
use crate::errors::MpaasPushError;
use crate::model::BroadcastRequest;
use crate::panics::{CatchUnwind, catch};
use crate::text::JvmString;

/// The three calls of one action: suspend, blocking and dry run.
macro_rules! action {
    ($(#[$doc:meta])* $name:ident, $blocking:ident, $prepare:ident:
     $req:ident => $core:ident -> $out:ident) => {
        #[uniffi::export]
        impl ClientCore {
            $(#[$doc])*
            pub async fn $name(&self, request: $req) -> Result<$out, MpaasPushError> {
                self.call::<_, mpaas_push::$core, _>(request).await
            }

            /// The blocking twin (blocks the calling thread only).
            pub fn $blocking(&self, request: $req) -> Result<$out, MpaasPushError> {
                self.call_blocking::<_, mpaas_push::$core, _>(request)
            }

            /// Dry run; `nonce` and `timestamp` pin the signature.
            #[uniffi::method(default(nonce = None, timestamp = None))]
            pub fn $prepare(
                &self,
                request: $req,
                nonce: Option<JvmString>,
                timestamp: Option<SystemTime>,
            ) -> Result<PreparedRequest, MpaasPushError> {
                self.dry_run::<_, mpaas_push::$core>(request, nonce, timestamp)
            }
        }
    };
}

action! {
    /// Validates, signs and sends one PushBroadcast; retries only what cannot
    /// have reached the service. Cancelling the coroutine cancels the call.
    push_broadcast, push_broadcast_blocking, prepare_broadcast:
    BroadcastRequest => BroadcastRequest -> BroadcastResult
}
action! {
    /// One page of scheduled tasks (`QueryPushSchedulerList`; read-only).
    query_schedulers, query_schedulers_blocking, prepare_query_schedulers:
    SchedulerListQuery => SchedulerListQuery -> SchedulerPage
}
action! {
    /// Cancels scheduled tasks (`CancelPushScheduler`), retried like a push.
    cancel_schedulers, cancel_schedulers_blocking, prepare_cancel_schedulers:
    CancelSchedulerRequest => CancelSchedulerRequest -> CancelResult
}
action! {
    /// Revokes a broadcast task (`RevokePushTask`); a refusal: `PushFailed`.
    revoke_task, revoke_task_blocking, prepare_revoke_task:
    RevokeTaskRequest => RevokeTaskRequest -> RevokeResult
}
action! {
    /// Revokes one message (`RevokePushMessage`); a refusal: `PushFailed`.
    revoke_message, revoke_message_blocking, prepare_revoke_message:
    RevokeMessageRequest => RevokeMessageRequest -> RevokeResult
}
action! {
    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    task_detail, task_detail_blocking, prepare_task_detail:
    TaskDetailQuery => TaskDetailQuery -> TaskDetail
}
action! {
    /// One page of task reports (`QueryPushAnalysisTaskList`; read-only).
    task_list, task_list_blocking, prepare_task_list:
    TaskListQuery => TaskListQuery -> TaskListPage
}

/// A pager object over the core's `Pager` of one list query.
macro_rules! pager {
    ($(#[$doc:meta])* $pager:ident, $method:ident: $query:ident -> $item:ident) => {
        $(#[$doc])*
        #[derive(Debug, uniffi::Object)]
        pub struct $pager(Arc<Mutex<Pager<mpaas_push::$query>>>);

        #[uniffi::export]
        impl $pager {
            /// The next item (`null` after the last page); after an error the
            /// next call asks for the same page again.
            pub async fn next(&self) -> Result<Option<$item>, MpaasPushError> {
                let pager = Arc::clone(&self.0);
                let call = async move { Ok(pager.lock().await.next().await?.map(Into::into)) };
                CatchUnwind::new(call).await.map_err(MpaasPushError::from)
            }

            /// Blocking [`next`](Self::next).
            pub fn next_blocking(&self) -> Result<Option<$item>, MpaasPushError> {
                catch(|| Ok(self.0.blocking_lock().next_blocking()?.map(Into::into))).map_err(Into::into)
            }
        }

        #[uniffi::export]
        impl ClientCore {
            /// A pager over every item of `query`, from its page on.
            pub fn $method(&self, query: $query) -> Result<Arc<$pager>, MpaasPushError> {
                catch(|| {
                    let q = mpaas_push::$query::try_from(query)?;
                    Ok(Arc::new($pager(Arc::new(Mutex::new(self.inner.pager(q))))))
                })
                .map_err(Into::into)
            }
        }
    };
}

pager! {
    /// Every scheduled task of a `SchedulerListQuery`, page after page.
    ScheduledTaskPager, scheduled_task_pager: SchedulerListQuery -> ScheduledTask
}
pager! {
    /// Every task report of a `TaskListQuery`, page after page.
    TaskReportPager, task_report_pager: TaskListQuery -> TaskReport
}

#[uniffi::export]
impl ClientCore {
    /// Dry run of any action (`PushBroadcast`, … or snake_case) given in the
    /// neutral JSON of spec §2, as the CLI reads it from a file.
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_json(
        &self,
        action: JvmString,
        request_json: JvmString,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        catch(|| {
            let action: Action = action.text("action")?.parse()?;
            let req = AnyRequest::from_json_str(action, &request_json.text("request")?)?;
            let (nonce, at) = pins(nonce, timestamp)?;
            let p = self
                .inner
                .prepare_any_pinned(&req, at.as_deref(), nonce.as_deref())?;
            Ok(p.into())
        })
        .map_err(Into::into)
    }
}
