//! The companion actions (list/cancel scheduled tasks, revoke, task figures)
//! of the Rust client against the real emulator over HTTP: scheduled and
//! recurring broadcasts are created, listed, cancelled, executed by moving
//! the emulator's clock (`POST /_emulator/clock`), reported and revoked.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use futures_util::TryStreamExt;
use mpaas_push::schedule::{china_day, china_midnight_ms};
use mpaas_push::{
    BroadcastRequest, CancelSchedulerRequest, Client, Clock, Credentials, DeliveryType, ErrorCode,
    Paging, Period, PushKind, RetryPolicy, RevokeMessageRequest, RevokeTaskRequest, Schedule,
    SchedulerListQuery, SignatureMethod, StrategyType, Target, TaskDetailQuery, TaskListQuery,
};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Value, json};

const ID: &str = "companion-access-key-id";
const SECRET: &str = "companion-secret-value-456";
const APP: &str = "ONEX570DA89211721";
const WS: &str = "test";
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The system clock plus an offset the test moves together with the
/// emulator's, so signatures stay within the 15-minute window.
#[derive(Debug, Clone, Default)]
struct Shifted(Arc<AtomicI64>);

impl Clock for Shifted {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.0.load(Ordering::Relaxed))
    }
}

struct Env {
    emu: Emulator,
    clock: Shifted,
    http: reqwest::Client,
}

impl Env {
    async fn start(max_pending: usize) -> Self {
        let mut cfg = EmulatorConfig::default();
        cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
        cfg.max_pending_tasks_per_app = max_pending;
        Self {
            emu: Emulator::start(cfg).await.unwrap(),
            clock: Shifted::default(),
            http: reqwest::Client::new(),
        }
    }

    fn client(&self, method: SignatureMethod) -> Client {
        Client::builder()
            .endpoint(self.emu.url())
            .credentials(Credentials::new(ID, SECRET))
            .signature_method(method)
            .clock(Arc::new(self.clock.clone()))
            .retry_policy(
                RetryPolicy::default()
                    .with_delays(Duration::from_millis(5), Duration::from_millis(50)),
            )
            .build()
            .unwrap()
    }

    async fn control(&self, method: &str, route: &str, body: Option<Value>) -> Value {
        let url = format!("{}/_emulator/{route}", self.emu.url());
        let req = match method {
            "GET" => self.http.get(url),
            _ => self
                .http
                .post(url)
                .body(body.unwrap_or(json!({})).to_string()),
        };
        let resp = req.send().await.unwrap();
        assert!(
            resp.status().is_success(),
            "control {route}: {}",
            resp.status()
        );
        serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
    }

    /// Moves the emulator's clock and the client's by `ms`.
    async fn advance(&self, ms: i64) {
        let got = self
            .control("POST", "clock", Some(json!({ "advanceMs": ms })))
            .await;
        let offset = self.clock.0.fetch_add(ms, Ordering::Relaxed) + ms;
        assert_eq!(got["offsetMs"], offset);
    }

    /// Moves both clocks so that "now" is `at`.
    async fn advance_to(&self, at: i64) {
        let now = self.clock.now().timestamp_millis();
        assert!(at > now, "the clock only moves forward here");
        self.advance(at - now).await;
    }

    async fn requests(&self, action: &str) -> Vec<Value> {
        self.control("GET", &format!("requests?action={action}"), None)
            .await["requests"]
            .as_array()
            .unwrap()
            .clone()
    }

    async fn fault(&self, rule: Value) {
        self.control("POST", "faults", Some(rule)).await;
    }
}

fn target() -> Target {
    Target::new(APP, WS)
}

fn broadcast(msgkey: &str, schedule: Option<Schedule>) -> BroadcastRequest {
    let mut req = BroadcastRequest::builder()
        .app_id(APP)
        .workspace_id(WS)
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(300)
        .task_name(format!("news {msgkey}"))
        .template_name("demo_tpl")
        .template_value("content", "早安")
        .bind_period(Period::Days7)
        .build()
        .unwrap();
    req.schedule = schedule;
    req
}

fn at_ms(ms: i64) -> Schedule {
    Schedule::at(Utc.timestamp_millis_opt(ms).unwrap())
}

/// `hour`:00 China time on `day`, in epoch ms.
fn china_at(day: NaiveDate, hour: i64) -> i64 {
    china_midnight_ms(day) + hour * HOUR_MS
}

fn ms(t: Option<DateTime<Utc>>) -> i64 {
    t.unwrap().timestamp_millis()
}

async fn push(client: &Client, msgkey: &str, schedule: Option<Schedule>) -> String {
    client
        .push_broadcast(&broadcast(msgkey, schedule))
        .await
        .unwrap()
        .task_id
        .unwrap()
}

fn day_id(task: &str, day: NaiveDate) -> String {
    format!("{task}-{}", day.format("%Y%m%d"))
}

#[tokio::test]
async fn scheduled_tasks_list_cancel_execute_report_and_revoke() {
    let env = Env::start(3).await;
    let client = env.client(SignatureMethod::HmacSha1);
    let start = Utc::now();
    let today = china_day(start);
    let d = |n: u64| today + chrono::Days::new(n);

    // An immediate broadcast, a fixed one tomorrow 10:00, a daily one at
    // 08:00 for three days, a fixed one in five days (China time).
    let now_task = push(&client, "now-1", None).await;
    let fixed = push(&client, "fixed-1", Some(at_ms(china_at(d(1), 10)))).await;
    let daily = Schedule::daily(d(1), d(3), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    let recurring = push(&client, "daily-1", Some(daily)).await;
    let later = push(&client, "fixed-2", Some(at_ms(china_at(d(5), 10)))).await;

    // One page: push-time order, runs of the recurring task by day.
    let window = SchedulerListQuery::new(target(), start, start + chrono::Duration::days(10));
    let page = client.query_schedulers(&window).await.unwrap();
    assert_eq!(page.total_count, 5);
    assert_eq!(page.next_page, None);
    let ids: Vec<&str> = page.tasks.iter().map(|t| t.unique_id.as_str()).collect();
    let run1 = day_id(&recurring, d(1));
    let run2 = day_id(&recurring, d(2));
    let run3 = day_id(&recurring, d(3));
    assert_eq!(ids, [&run1, &fixed, &run2, &run3, &later]);
    let first = &page.tasks[0];
    assert_eq!(first.parent_id.as_deref(), Some(recurring.as_str()));
    assert_eq!(ms(first.push_time), china_at(d(1), 8));
    assert_eq!(first.strategy(), Some(StrategyType::Recurring));
    assert_eq!(first.push_kind(), Some(PushKind::Broadcast));
    assert_eq!(first.delivery(), Some(DeliveryType::Android));
    assert_eq!(first.push_title.as_deref(), Some("news daily-1"));
    assert_eq!(
        first.push_content.as_deref(),
        Some("Hello from mpaas-push: 早安")
    );
    assert!(page.tasks.iter().all(|t| !t.executed));
    let fixed_entry = &page.tasks[1];
    assert_eq!(fixed_entry.parent_id.as_deref(), Some(fixed.as_str()));
    assert_eq!(fixed_entry.strategy(), Some(StrategyType::Fixed));
    assert_eq!(ms(fixed_entry.push_time), china_at(d(1), 10));

    // UniqueId: a parent lists its runs, a run itself; Type filters.
    let mut q = window.clone();
    q.unique_id = Some(recurring.clone());
    let runs = client.query_schedulers(&q).await.unwrap();
    assert_eq!(runs.total_count, 3);
    q.unique_id = Some(run2.clone());
    let one = client.query_schedulers(&q).await.unwrap();
    assert_eq!(one.tasks.len(), 1);
    assert_eq!(one.tasks[0].unique_id, run2);
    let mut q = window.clone();
    q.kind = Some(PushKind::Simple);
    assert_eq!(client.query_schedulers(&q).await.unwrap().total_count, 0);
    let mut q = window.clone();
    q.paging = Paging::new(3, 2);
    let last = client.query_schedulers(&q).await.unwrap();
    assert_eq!(
        (last.total_count, last.tasks.len(), last.next_page),
        (5, 1, None)
    );
    assert_eq!(last.tasks[0].unique_id, later);

    // The stream walks small pages: 2 + 2 + 1.
    let before = env.requests("QueryPushSchedulerList").await.len();
    let mut q = window.clone();
    q.paging = Paging::new(1, 2);
    let all: Vec<_> = client.scheduled_tasks(q).try_collect().await.unwrap();
    let streamed: Vec<&str> = all.iter().map(|t| t.unique_id.as_str()).collect();
    assert_eq!(streamed, ids);
    assert_eq!(
        env.requests("QueryPushSchedulerList").await.len() - before,
        3
    );

    // Three pending tasks: the limit of this emulator.
    let e = client
        .push_broadcast(&broadcast("fixed-3", Some(at_ms(china_at(d(6), 10)))))
        .await
        .unwrap_err();
    assert_eq!(e.service_code(), Some("PENDING_TASK_LIMIT"));

    // Cancel one: gone from the list, and its slot is free again.
    let cancelled = client
        .cancel_schedulers(&CancelSchedulerRequest::new(target(), [later.as_str()]))
        .await
        .unwrap();
    assert_eq!(
        cancelled.content.as_deref(),
        Some(format!("cancelled: {later}").as_str())
    );
    let page = client.query_schedulers(&window).await.unwrap();
    assert_eq!(page.total_count, 4);
    assert!(page.tasks.iter().all(|t| t.unique_id != later));
    let fixed3 = push(&client, "fixed-3", Some(at_ms(china_at(d(6), 10)))).await;
    // Cancelling it again (or an unknown id) is refused, naming the ids.
    let e = client
        .cancel_schedulers(&CancelSchedulerRequest::new(
            target(),
            [later.as_str(), "77"],
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::PushFailed);
    assert_eq!(e.service_code(), Some("3028"));
    let msg = e.service().unwrap().message.clone().unwrap();
    assert!(msg.contains(&format!("{later}, 77")), "{msg}");
    // A pending run can be cancelled alone; the others stay.
    let c = client
        .cancel_schedulers(&CancelSchedulerRequest::new(
            target(),
            [run3.as_str(), "404"],
        ))
        .await
        .unwrap();
    let text = c.content.unwrap();
    assert!(
        text.starts_with(&format!("cancelled: {run3}")) && text.contains("404"),
        "{text}"
    );

    // Not executed yet: figures are zero.
    let detail = client
        .task_detail(&TaskDetailQuery::new(target(), fixed.as_str()))
        .await
        .unwrap();
    assert_eq!((detail.push_num, detail.start_time), (0, None));
    // Nothing to revoke yet either.
    let e = client
        .revoke_task(&RevokeTaskRequest::new(target(), fixed.as_str()))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.service_code()),
        (ErrorCode::PushFailed, Some("TASK_NOT_PUSHED"))
    );

    // Noon (China) the day after tomorrow: the fixed task and two runs ran.
    env.advance_to(china_at(d(2), 12)).await;
    let page = client.query_schedulers(&window).await.unwrap();
    let status: Vec<(&str, bool)> = page
        .tasks
        .iter()
        .map(|t| (t.unique_id.as_str(), t.executed))
        .collect();
    assert_eq!(
        status,
        [
            (run1.as_str(), true),
            (fixed.as_str(), true),
            (run2.as_str(), true),
            (fixed3.as_str(), false)
        ]
    );

    let detail = client
        .task_detail(&TaskDetailQuery::new(target(), fixed.as_str()))
        .await
        .unwrap();
    assert_eq!(detail.task_id, fixed);
    assert_eq!(
        (
            detail.push_num,
            detail.push_success_num,
            detail.push_arrival_num
        ),
        (1000, 980, 950.0)
    );
    assert_eq!(ms(detail.start_time), china_at(d(1), 10));
    assert_eq!(ms(detail.end_time), china_at(d(1), 10) + 60_000);
    assert_eq!(detail.duration.as_deref(), Some("60s"));
    let sum = client
        .task_detail(&TaskDetailQuery::new(target(), recurring.as_str()))
        .await
        .unwrap();
    assert_eq!(
        (sum.push_num, sum.push_success_num, sum.push_arrival_num),
        (2000, 1960, 1900.0)
    );
    assert_eq!(ms(sum.start_time), china_at(d(1), 8));
    assert_eq!(ms(sum.end_time), china_at(d(2), 8) + 60_000);
    assert_eq!(sum.duration.as_deref(), Some("120s"));
    let run = client
        .task_detail(&TaskDetailQuery::new(target(), run2.as_str()))
        .await
        .unwrap();
    assert_eq!((run.task_id.as_str(), run.push_num), (run2.as_str(), 1000));
    let e = client
        .task_detail(&TaskDetailQuery::new(target(), "31337"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.service_code()),
        (ErrorCode::PushFailed, Some("TASK_NOT_EXIST"))
    );

    // Reports: newest first, the cancelled task left out, executed runs
    // as sub-tasks.
    let since = TaskListQuery::new(target(), start - chrono::Duration::minutes(1));
    let reports = client.task_list(&since).await.unwrap();
    let ids: Vec<&str> = reports.tasks.iter().map(|t| t.task_id.as_str()).collect();
    assert_eq!(ids, [&fixed3, &recurring, &fixed, &now_task]);
    let rec = &reports.tasks[1];
    assert_eq!(rec.task_name.as_deref(), Some("news daily-1"));
    assert_eq!(rec.template_name.as_deref(), Some("demo_tpl"));
    assert_eq!(rec.push_kind(), Some(PushKind::Broadcast));
    let subs: Vec<&str> = rec.sub_tasks.iter().map(|s| s.task_id.as_str()).collect();
    assert_eq!(subs, [&run1, &run2]);
    assert_eq!(ms(rec.sub_tasks[0].created_at), china_at(d(1), 8));
    let mut by_name = since.clone();
    by_name.task_name = Some("news fixed-1".into());
    let named = client.task_list(&by_name).await.unwrap();
    assert_eq!(named.tasks.len(), 1);
    assert_eq!(named.tasks[0].task_id, fixed);
    let mut small = since.clone();
    small.paging = Paging::new(1, 1);
    let streamed: Vec<String> = client
        .task_reports(small)
        .map_ok(|r| r.task_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed, ids);

    // Revoke within 7 days, then 8 days later: too old.
    let ok = client
        .revoke_task(&RevokeTaskRequest::new(target(), fixed.as_str()))
        .await
        .unwrap();
    assert_eq!(ok.data.as_deref(), Some(fixed.as_str()));
    let ok = client
        .revoke_message(&RevokeMessageRequest::new(target(), "now-1", "device-1"))
        .await
        .unwrap();
    assert_eq!(ok.data.as_deref(), Some("now-1"));
    let e = client
        .revoke_message(&RevokeMessageRequest::new(
            target(),
            "never-sent",
            "device-1",
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.service_code()),
        (ErrorCode::PushFailed, Some("MESSAGE_NOT_EXIST"))
    );
    env.advance(8 * DAY_MS).await;
    let e = client
        .revoke_task(&RevokeTaskRequest::new(target(), fixed.as_str()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::PushFailed);
    assert_eq!(e.service_code(), Some("REVOKE_WINDOW_EXPIRED"));
    let msg = e.service().unwrap().message.clone().unwrap();
    assert!(msg.contains("7 days"), "{msg}");

    // The control view: every task's state and runs.
    let tasks = env.control("GET", "tasks", None).await["tasks"]
        .as_array()
        .unwrap()
        .clone();
    let by_id = |id: &str| tasks.iter().find(|t| t["taskId"] == id).unwrap().clone();
    assert_eq!(tasks.len(), 4, "immediate broadcasts only with ?all=true");
    assert_eq!(by_id(&later)["status"], "cancelled");
    assert_eq!(by_id(&fixed)["status"], "executed");
    assert!(by_id(&fixed)["revokedAt"].is_string());
    assert_eq!(by_id(&fixed3)["figures"]["pushNum"], 1000);
    let rec = by_id(&recurring);
    assert_eq!(rec["status"], "executed");
    let run_status: Vec<&str> = rec["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(run_status, ["executed", "executed", "cancelled"]);
    let all = env.control("GET", "tasks?all=true", None).await;
    assert_eq!(all["tasks"].as_array().unwrap().len(), 5);
    env.emu.shutdown().await;
}

#[tokio::test]
async fn both_signature_methods_reach_the_companion_actions() {
    let env = Env::start(100).await;
    let v1 = env.client(SignatureMethod::HmacSha1);
    let v3 = env.client(SignatureMethod::Acs3HmacSha256);
    let when = Utc::now() + chrono::Duration::hours(2);
    let id = push(
        &v1,
        "sig-1",
        Some(at_ms(when.timestamp_millis() / 1000 * 1000)),
    )
    .await;
    let now = Utc::now();
    let window = SchedulerListQuery::new(target(), now, now + chrono::Duration::days(1));
    for client in [&v1, &v3] {
        let page = client.query_schedulers(&window).await.unwrap();
        assert_eq!(page.tasks.len(), 1);
        assert_eq!(page.tasks[0].unique_id, id);
    }
    v3.cancel_schedulers(&CancelSchedulerRequest::new(target(), [id.as_str()]))
        .await
        .unwrap();
    assert_eq!(v1.query_schedulers(&window).await.unwrap().total_count, 0);
    let d = v3
        .task_detail(&TaskDetailQuery::new(target(), id.as_str()))
        .await
        .unwrap();
    assert_eq!(d.push_num, 0);
    let methods = |recs: &[Value]| -> Vec<String> {
        recs.iter()
            .map(|r| format!("{} {}", r["signatureMethod"], r["code"]))
            .collect()
    };
    assert_eq!(
        methods(&env.requests("QueryPushSchedulerList").await),
        [
            "\"hmac-sha1\" \"OK\"",
            "\"acs3-hmac-sha256\" \"OK\"",
            "\"hmac-sha1\" \"OK\""
        ]
    );
    assert_eq!(
        methods(&env.requests("CancelPushScheduler").await),
        ["\"acs3-hmac-sha256\" \"OK\""]
    );
    let recs = env.requests("CancelPushScheduler").await;
    assert_eq!(recs[0]["version"], "2020-10-28");
    assert_eq!(recs[0]["params"]["UniqueIds"], id.as_str());
    env.emu.shutdown().await;
}

#[tokio::test]
async fn invalid_companion_requests_never_reach_the_emulator() {
    let env = Env::start(100).await;
    let client = env.client(SignatureMethod::HmacSha1);
    let none: [&str; 0] = [];
    let e = client
        .cancel_schedulers(&CancelSchedulerRequest::new(target(), none))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::Validation, Some("uniqueIds"))
    );
    let e = client
        .cancel_schedulers(&CancelSchedulerRequest::new(target(), ["1", "1"]))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("uniqueIds[1]"));
    let now = Utc::now();
    let backwards = SchedulerListQuery::new(target(), now, now - chrono::Duration::days(1));
    let e = client.query_schedulers(&backwards).await.unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::Validation, Some("endTime"))
    );
    let mut old = RevokeTaskRequest::new(target(), "1000001");
    old.sent_at = Some(now - chrono::Duration::days(8));
    let e = client.revoke_task(&old).await.unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::Validation, Some("sentAt"))
    );
    let e = client
        .task_detail(&TaskDetailQuery::new(Target::new(APP, " "), "1"))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("workspaceId"));
    let e = client
        .revoke_message(&RevokeMessageRequest::new(target(), "m", ""))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("targetId"));
    assert_eq!(e.attempts(), 0);
    assert!(!e.maybe_sent());
    let logged = env.control("GET", "requests", None).await;
    assert_eq!(logged["requests"], json!([]));
    assert_eq!(env.emu.received_count(), 0);
    env.emu.shutdown().await;
}

#[tokio::test]
async fn queries_are_retried_after_a_500_but_cancel_is_not() {
    let env = Env::start(100).await;
    let client = env.client(SignatureMethod::HmacSha1);
    let when = (Utc::now() + chrono::Duration::days(1)).timestamp() * 1000;
    let id = push(&client, "retry-1", Some(at_ms(when))).await;

    env.fault(json!({"fault": {"type": "status", "status": 500}, "count": 1, "action": "QueryPushAnalysisTaskDetail"}))
        .await;
    let d = client
        .task_detail(&TaskDetailQuery::new(target(), id.as_str()))
        .await
        .unwrap();
    assert_eq!(d.task_id, id);
    let recs = env.requests("QueryPushAnalysisTaskDetail").await;
    let codes: Vec<(u64, &str)> = recs
        .iter()
        .map(|r| (r["status"].as_u64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [(500, "InternalError"), (200, "OK")]);
    assert_ne!(recs[0]["nonce"], recs[1]["nonce"], "each attempt re-signed");

    let now = Utc::now();
    let window = SchedulerListQuery::new(target(), now, now + chrono::Duration::days(2));
    env.fault(json!({"fault": {"type": "status", "status": 500}, "count": 1, "action": "QueryPushSchedulerList"}))
        .await;
    assert_eq!(
        client.query_schedulers(&window).await.unwrap().total_count,
        1
    );
    assert_eq!(env.requests("QueryPushSchedulerList").await.len(), 2);

    env.fault(json!({"fault": {"type": "status", "status": 500}, "count": 1, "action": "CancelPushScheduler"}))
        .await;
    let e = client
        .cancel_schedulers(&CancelSchedulerRequest::new(target(), [id.as_str()]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Service);
    assert_eq!(e.http_status(), Some(500));
    assert_eq!(e.attempts(), 1);
    assert!(e.maybe_sent());
    assert_eq!(env.requests("CancelPushScheduler").await.len(), 1);
    // The fault kept it from the service: the task is still scheduled.
    let page = client.query_schedulers(&window).await.unwrap();
    assert_eq!(page.tasks[0].unique_id, id);
    assert!(!page.tasks[0].executed);
    env.emu.shutdown().await;
}

#[tokio::test]
async fn companion_actions_need_version_2020_10_28() {
    use mpaas_push::ApiVersion;
    let env = Env::start(100).await;
    let old = Client::builder()
        .endpoint(env.emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .api_version(ApiVersion::V2019_08_21)
        .build()
        .unwrap();
    let e = old
        .task_detail(&TaskDetailQuery::new(target(), "1"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.http_status(), e.service_code()),
        (Some(404), Some("InvalidApi.NotFound"))
    );
    // PushBroadcast keeps working with the old version.
    assert!(old.push_broadcast(&broadcast("v2019", None)).await.is_ok());
    env.emu.shutdown().await;
}
