//! Push tasks as the service keeps them: every accepted broadcast is a task
//! (immediate ones execute at once), fixed-time tasks are pending until due,
//! recurring tasks run once per occurrence of their schedule (China time,
//! UTC+8) and stay pending until their end day is over.
//!
//! Execution is lazy: [`TaskStore::execute_due`] runs before anything looks
//! at the tasks, and executes everything due at the emulator's "now" (system
//! clock plus the test offset), in due order. Every execution gets the same
//! deterministic figures ([`Figures::at`]), dated at its due time, so tests
//! can assert them after moving the clock.
//!
//! Ids: a task's id is the `PushResult.Data` of its PushBroadcast; a run of a
//! recurring task is `<taskId>-<yyyymmdd>` (its China day) with the task id
//! as parent.
//!
//! Memory is bounded: at most `max_stored` tasks are kept (the oldest
//! finished task is forgotten first, a pending one only when nothing else is
//! left), and a task has at most one run per day of its period.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Timelike};
use mpaas_push::schedule::china_midnight_ms;
use mpaas_push::{Every, REVOKE_WINDOW_DAYS, Recurrence, Schedule};
use serde_json::{Value, json};

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;
/// Delivery time of every execution.
const DELIVERY_MS: i64 = 60_000;
/// Longest period walked for occurrences (the core allows 180 days ahead).
const MAX_PERIOD_DAYS: usize = 400;
/// Longest `PushContent` kept (bytes); longer texts are cut.
const MAX_CONTENT: usize = 1024;
/// `Type` of every task here: broadcast.
const BROADCAST: i64 = 3;
/// `CreateType` of tasks created through the API (emulator convention).
const CREATE_TYPE_API: i64 = 0;

/// Where a task or run is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Not executed yet (a recurring task: its period is not over).
    Pending,
    /// Pushed (a recurring task: its period is over).
    Executed,
    /// Cancelled by `CancelPushScheduler` before it executed.
    Cancelled,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Executed => "executed",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Delivery figures of one execution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Figures {
    pub(crate) push_num: u64,
    pub(crate) push_success_num: u64,
    pub(crate) push_arrival_num: f64,
    pub(crate) start_ms: i64,
    pub(crate) end_ms: i64,
}

impl Figures {
    /// An execution due at `due_ms` reaching `audience` devices: 98 % pushed
    /// successfully, 95 % arrived, delivered in 60 s.
    pub(crate) fn at(due_ms: i64, audience: u64) -> Self {
        Self {
            push_num: audience,
            push_success_num: audience.saturating_mul(98) / 100,
            push_arrival_num: audience as f64 * 0.95,
            start_ms: due_ms,
            end_ms: due_ms.saturating_add(DELIVERY_MS),
        }
    }

    fn to_json(self) -> Value {
        json!({
            "pushNum": self.push_num,
            "pushSuccessNum": self.push_success_num,
            "pushArrivalNum": self.push_arrival_num,
            "startTime": self.start_ms,
            "endTime": self.end_ms,
        })
    }
}

/// `ResultContent.Data` of `QueryPushAnalysisTaskDetail`: the sum of
/// `figures` (none: zeros, no times).
pub(crate) fn detail_json(task_id: &str, figures: &[Figures]) -> Value {
    let mut d = serde_json::Map::new();
    d.insert(
        "TaskId".into(),
        task_id
            .parse::<u64>()
            .map_or_else(|_| Value::from(task_id), Value::from),
    );
    d.insert(
        "PushNum".into(),
        figures.iter().map(|f| f.push_num).sum::<u64>().into(),
    );
    d.insert(
        "PushSuccessNum".into(),
        figures
            .iter()
            .map(|f| f.push_success_num)
            .sum::<u64>()
            .into(),
    );
    d.insert(
        "PushArrivalNum".into(),
        // Folded from +0.0: an empty `f64` sum is -0.0.
        figures
            .iter()
            .fold(0.0_f64, |sum, f| sum + f.push_arrival_num)
            .into(),
    );
    if let Some(start) = figures.iter().map(|f| f.start_ms).min() {
        d.insert("StartTime".into(), start.into());
    }
    if let Some(end) = figures.iter().map(|f| f.end_ms).max() {
        d.insert("EndTime".into(), end.into());
    }
    let secs: i64 = figures.iter().map(|f| (f.end_ms - f.start_ms) / 1000).sum();
    d.insert("Duration".into(), format!("{secs}s").into());
    Value::Object(d)
}

/// What PushBroadcast hands over for a new task.
#[derive(Debug, Clone)]
pub(crate) struct NewTask {
    pub(crate) task_id: String,
    pub(crate) app_id: String,
    pub(crate) workspace_id: String,
    pub(crate) msgkey: String,
    pub(crate) task_name: String,
    pub(crate) template_id: String,
    pub(crate) template_name: String,
    /// The template text with its placeholders filled (`PushContent`).
    pub(crate) content: String,
    pub(crate) delivery_type: i64,
    pub(crate) schedule: Schedule,
    pub(crate) strategy_content: Option<String>,
    pub(crate) created_ms: i64,
}

/// One occurrence of a recurring task that executed or was cancelled
/// (pending occurrences are computed from the schedule).
#[derive(Debug, Clone)]
struct Run {
    status: Status,
    figures: Option<Figures>,
}

#[derive(Debug, Clone)]
struct Task {
    info: NewTask,
    status: Status,
    /// The execution of an immediate or fixed-time task.
    figures: Option<Figures>,
    /// Executed and cancelled runs of a recurring task, by push time.
    runs: BTreeMap<i64, Run>,
    /// Every occurrence up to here has been looked at.
    processed_until_ms: i64,
    /// Key in [`TaskStore::due`] while pending.
    next_due_ms: Option<i64>,
    revoked_ms: Option<i64>,
}

/// An occurrence of a recurring schedule: its China day and push time.
type Occurrence = (NaiveDate, i64);

fn occurrences(r: &Recurrence) -> Vec<Occurrence> {
    let at = i64::from(r.time.num_seconds_from_midnight()) * 1000;
    r.start
        .iter_days()
        .take_while(|d| *d <= r.end)
        .take(MAX_PERIOD_DAYS)
        .filter(|d| match &r.every {
            Every::Daily => true,
            // 1 = Monday … 7 = Sunday.
            Every::Weekly(days) => days.contains(&(d.weekday().number_from_monday() as u8)),
            Every::Monthly(days) => days.contains(&(d.day() as u8)),
            // A kind added to the core later: fire daily.
            #[allow(unreachable_patterns)]
            _ => true,
        })
        .map(|d| (d, china_midnight_ms(d) + at))
        .collect()
}

/// 24:00 (China) of the recurrence's last day.
fn period_end_ms(r: &Recurrence) -> i64 {
    r.end
        .succ_opt()
        .map_or_else(|| china_midnight_ms(r.end) + DAY_MS, china_midnight_ms)
}

fn run_id(task_id: &str, day: NaiveDate) -> String {
    format!("{task_id}-{}", day.format("%Y%m%d"))
}

fn recurrence(t: &Task) -> Option<&Recurrence> {
    match &t.info.schedule {
        Schedule::Recurring(r) => Some(r),
        _ => None,
    }
}

/// The wire `StrategyType` code, from the core's enum (no code of our own).
fn strategy_type(s: &Schedule) -> i64 {
    s.strategy_type().wire().parse().unwrap_or_default()
}

impl Task {
    /// When the task next needs attention: a fixed task's time, a recurring
    /// task's next live occurrence (or the end of its period), `None` when
    /// it is over.
    fn next_due(&self) -> Option<i64> {
        match &self.info.schedule {
            Schedule::At(t) if self.status == Status::Pending => Some(t.timestamp_millis()),
            Schedule::Recurring(r) if self.status == Status::Pending => occurrences(r)
                .into_iter()
                .map(|(_, ms)| ms)
                .find(|ms| *ms > self.processed_until_ms && !self.runs.contains_key(ms))
                .or(Some(period_end_ms(r))),
            _ => None,
        }
    }

    /// Executes what is due at `now_ms`; `true` when the task is now over.
    fn execute(&mut self, now_ms: i64, audience: u64) -> bool {
        match self.info.schedule.clone() {
            Schedule::Recurring(r) => {
                for (_, ms) in occurrences(&r) {
                    if ms > now_ms {
                        break;
                    }
                    if ms > self.processed_until_ms && !self.runs.contains_key(&ms) {
                        self.runs.insert(
                            ms,
                            Run {
                                status: Status::Executed,
                                figures: Some(Figures::at(ms, audience)),
                            },
                        );
                    }
                }
                self.processed_until_ms = self.processed_until_ms.max(now_ms);
                if period_end_ms(&r) <= now_ms {
                    self.status = Status::Executed;
                    return true;
                }
                false
            }
            Schedule::At(t) => {
                self.figures = Some(Figures::at(t.timestamp_millis(), audience));
                self.status = Status::Executed;
                true
            }
            _ => {
                self.figures = Some(Figures::at(self.info.created_ms, audience));
                self.status = Status::Executed;
                true
            }
        }
    }

    /// Push times of the executions so far.
    fn executions(&self) -> Vec<Figures> {
        self.figures
            .into_iter()
            .chain(self.runs.values().filter_map(|r| r.figures))
            .collect()
    }

    /// Live occurrences of a recurring task: (day, push time, executed).
    fn live_runs(&self) -> Vec<(NaiveDate, i64, bool)> {
        let Some(r) = recurrence(self) else {
            return Vec::new();
        };
        occurrences(r)
            .into_iter()
            .filter_map(|(day, ms)| match self.runs.get(&ms) {
                Some(run) if run.status == Status::Executed => Some((day, ms, true)),
                Some(_) => None,
                None if self.status == Status::Pending && ms > self.processed_until_ms => {
                    Some((day, ms, false))
                }
                None => None,
            })
            .collect()
    }

    fn scheduler_entry(&self, unique_id: &str, push_ms: i64, executed: bool) -> Value {
        json!({
            "UniqueId": unique_id,
            "ParentId": self.info.task_id,
            "PushTime": push_ms,
            "PushTitle": self.info.task_name,
            "PushContent": self.info.content,
            "Type": BROADCAST,
            "DeliveryType": self.info.delivery_type,
            "StrategyType": strategy_type(&self.info.schedule),
            "ExecutedStatus": if executed { "1" } else { "0" },
            "GmtCreate": self.info.created_ms,
            "CreateType": CREATE_TYPE_API,
        })
    }

    /// `QueryPushSchedulerList` entries: a fixed task itself, or the live
    /// runs of a recurring one (cancelled ones are gone).
    fn scheduler_entries(&self) -> Vec<(i64, String, Value)> {
        if self.status == Status::Cancelled {
            return Vec::new();
        }
        match &self.info.schedule {
            Schedule::At(t) => {
                let ms = t.timestamp_millis();
                let id = self.info.task_id.clone();
                let entry = self.scheduler_entry(&id, ms, self.status == Status::Executed);
                vec![(ms, id, entry)]
            }
            Schedule::Recurring(_) => self
                .live_runs()
                .into_iter()
                .map(|(day, ms, executed)| {
                    let id = run_id(&self.info.task_id, day);
                    let entry = self.scheduler_entry(&id, ms, executed);
                    (ms, id, entry)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn report_entry(&self, task_id: &str, created_ms: i64) -> serde_json::Map<String, Value> {
        let v = json!({
            "TaskId": task_id,
            "TaskName": self.info.task_name,
            "TemplateId": self.info.template_id,
            "TemplateName": self.info.template_name,
            "Type": BROADCAST,
            "GmtCreate": created_ms,
        });
        match v {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        }
    }

    fn to_json(&self, seq: u64) -> Value {
        let time = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339());
        let runs: Vec<Value> = match recurrence(self) {
            Some(r) => occurrences(r)
                .into_iter()
                .map(|(day, ms)| {
                    let status = match self.runs.get(&ms) {
                        Some(run) => run.status.as_str(),
                        None if ms <= self.info.created_ms => "skipped",
                        None if self.status == Status::Pending => "pending",
                        // Never ran: the whole task was cancelled first.
                        None => "cancelled",
                    };
                    json!({
                        "uniqueId": run_id(&self.info.task_id, day),
                        "pushTime": time(ms),
                        "status": status,
                        "figures": self.runs.get(&ms).and_then(|r| r.figures).map(Figures::to_json),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let i = &self.info;
        json!({
            "seq": seq,
            "taskId": i.task_id,
            "appId": i.app_id,
            "workspaceId": i.workspace_id,
            "msgkey": i.msgkey,
            "taskName": i.task_name,
            "templateName": i.template_name,
            "strategyType": strategy_type(&i.schedule).to_string(),
            "strategyContent": i.strategy_content,
            "createdAt": time(i.created_ms),
            "status": self.status.as_str(),
            "dueAt": match &i.schedule {
                Schedule::At(t) => Some(t.to_rfc3339()),
                _ => None,
            },
            "nextDueAt": self.next_due_ms.and_then(time),
            "figures": self.figures.map(Figures::to_json),
            "runs": runs,
            "revokedAt": self.revoked_ms.and_then(time),
        })
    }
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// A task.
    Task(u64),
    /// One occurrence (push time) of a recurring task.
    Run(u64, i64),
}

/// Why a revocation failed: (code, message).
pub(crate) type Refusal = (&'static str, String);

/// Every task of the emulator, with the due-order index of pending ones.
#[derive(Debug, Default)]
pub(crate) struct TaskStore {
    tasks: BTreeMap<u64, Task>,
    /// (next due ms, seq) of every pending task.
    due: BTreeSet<(i64, u64)>,
    pending_per_app: HashMap<String, usize>,
}

impl TaskStore {
    /// Executes everything due at `now_ms`, in due order.
    pub(crate) fn execute_due(&mut self, now_ms: i64, audience: u64) {
        while let Some(&(at, seq)) = self.due.first() {
            if at > now_ms {
                break;
            }
            self.due.remove(&(at, seq));
            let Some(task) = self.tasks.get_mut(&seq) else {
                continue;
            };
            task.next_due_ms = None;
            if task.execute(now_ms, audience) {
                let app = task.info.app_id.clone();
                self.release_pending(&app);
            } else if let Some(next) = task.next_due() {
                task.next_due_ms = Some(next);
                self.due.insert((next, seq));
            }
        }
    }

    fn release_pending(&mut self, app: &str) {
        if let Some(n) = self.pending_per_app.get_mut(app) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.pending_per_app.remove(app);
            }
        }
    }

    /// Pending scheduled and recurring tasks of `app`.
    pub(crate) fn pending(&self, app: &str) -> usize {
        self.pending_per_app.get(app).copied().unwrap_or(0)
    }

    /// Stores a task (executing an immediate one at once). `Err` when `app`
    /// already has `max_pending` pending scheduled tasks.
    pub(crate) fn add(
        &mut self,
        info: NewTask,
        audience: u64,
        max_pending: usize,
        max_stored: usize,
    ) -> Result<(), ()> {
        let Ok(seq) = info.task_id.parse::<u64>() else {
            return Err(());
        };
        let scheduled = matches!(info.schedule, Schedule::At(_) | Schedule::Recurring(_));
        if scheduled && self.pending(&info.app_id) >= max_pending {
            return Err(());
        }
        let mut task = Task {
            processed_until_ms: info.created_ms,
            info,
            status: Status::Pending,
            figures: None,
            runs: BTreeMap::new(),
            next_due_ms: None,
            revoked_ms: None,
        };
        if scheduled {
            *self
                .pending_per_app
                .entry(task.info.app_id.clone())
                .or_default() += 1;
            if let Some(next) = task.next_due() {
                task.next_due_ms = Some(next);
                self.due.insert((next, seq));
            }
        } else {
            task.execute(task.info.created_ms, audience);
        }
        self.tasks.insert(seq, task);
        while self.tasks.len() > max_stored.max(1) {
            self.evict_one();
        }
        Ok(())
    }

    /// Forgets the oldest finished task, else the oldest task.
    fn evict_one(&mut self) {
        let victim = self
            .tasks
            .iter()
            .find(|(_, t)| t.status != Status::Pending)
            .or_else(|| self.tasks.iter().next())
            .map(|(seq, _)| *seq);
        let Some(seq) = victim else {
            return;
        };
        if let Some(t) = self.tasks.remove(&seq)
            && t.status == Status::Pending
        {
            if let Some(at) = t.next_due_ms {
                self.due.remove(&(at, seq));
            }
            self.release_pending(&t.info.app_id);
        }
    }

    /// Resolves a task id or run id of app + workspace.
    fn find(&self, app: &str, ws: &str, id: &str) -> Option<Found> {
        let (task_part, day) = match id.split_once('-') {
            Some((t, d)) => (t, Some(NaiveDate::parse_from_str(d, "%Y%m%d").ok()?)),
            None => (id, None),
        };
        let seq = task_part.parse::<u64>().ok()?;
        let task = self.tasks.get(&seq)?;
        if task.info.task_id != task_part || task.info.app_id != app || task.info.workspace_id != ws
        {
            return None;
        }
        match day {
            None => Some(Found::Task(seq)),
            Some(day) => {
                let r = recurrence(task)?;
                let (_, ms) = occurrences(r).into_iter().find(|(d, _)| *d == day)?;
                (run_id(&task.info.task_id, day) == id).then_some(Found::Run(seq, ms))
            }
        }
    }

    /// `QueryPushSchedulerList` entries of app + workspace pushed within
    /// `[start_ms, end_ms]`, sorted by push time; `unique_id` narrows to a
    /// task's runs (parent id) or to one run.
    pub(crate) fn scheduler_entries(
        &self,
        app: &str,
        ws: &str,
        start_ms: i64,
        end_ms: i64,
        unique_id: Option<&str>,
    ) -> Vec<Value> {
        let mut out: Vec<(i64, String, Value)> = match unique_id {
            None => self
                .tasks
                .values()
                .filter(|t| t.info.app_id == app && t.info.workspace_id == ws)
                .flat_map(Task::scheduler_entries)
                .collect(),
            Some(id) => match self.find(app, ws, id) {
                Some(Found::Task(seq)) => self
                    .tasks
                    .get(&seq)
                    .map(Task::scheduler_entries)
                    .unwrap_or_default(),
                Some(Found::Run(seq, _)) => self
                    .tasks
                    .get(&seq)
                    .map(Task::scheduler_entries)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(_, uid, _)| uid == id)
                    .collect(),
                None => Vec::new(),
            },
        };
        out.retain(|(ms, _, _)| (start_ms..=end_ms).contains(ms));
        out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        out.into_iter().map(|(_, _, v)| v).collect()
    }

    /// Cancels pending tasks and runs; returns (cancelled, not cancelled).
    pub(crate) fn cancel(
        &mut self,
        app: &str,
        ws: &str,
        ids: &[String],
    ) -> (Vec<String>, Vec<String>) {
        let mut done = Vec::new();
        let mut refused = Vec::new();
        for id in ids {
            let ok = match self.find(app, ws, id) {
                Some(Found::Task(seq)) => self.cancel_task(seq),
                Some(Found::Run(seq, ms)) => self.cancel_run(seq, ms),
                None => false,
            };
            if ok {
                done.push(id.clone());
            } else {
                refused.push(id.clone());
            }
        }
        (done, refused)
    }

    fn cancel_task(&mut self, seq: u64) -> bool {
        let Some(task) = self.tasks.get_mut(&seq) else {
            return false;
        };
        if task.status != Status::Pending {
            return false;
        }
        task.status = Status::Cancelled;
        if let Some(at) = task.next_due_ms.take() {
            self.due.remove(&(at, seq));
        }
        let app = task.info.app_id.clone();
        self.release_pending(&app);
        true
    }

    fn cancel_run(&mut self, seq: u64, ms: i64) -> bool {
        let Some(task) = self.tasks.get_mut(&seq) else {
            return false;
        };
        if task.status != Status::Pending
            || ms <= task.processed_until_ms
            || task.runs.contains_key(&ms)
        {
            return false;
        }
        task.runs.insert(
            ms,
            Run {
                status: Status::Cancelled,
                figures: None,
            },
        );
        if let Some(at) = task.next_due_ms.take() {
            self.due.remove(&(at, seq));
        }
        if let Some(next) = task.next_due() {
            task.next_due_ms = Some(next);
            self.due.insert((next, seq));
        }
        true
    }

    /// `RevokePushTask`: the task (or run) must have executed within the
    /// last [`REVOKE_WINDOW_DAYS`] days of `now_ms`.
    pub(crate) fn revoke(
        &mut self,
        app: &str,
        ws: &str,
        id: &str,
        now_ms: i64,
    ) -> Result<(), Refusal> {
        let unknown = || ("TASK_NOT_EXIST", format!("task {id} does not exist"));
        let found = self.find(app, ws, id).ok_or_else(unknown)?;
        let seq = match found {
            Found::Task(seq) | Found::Run(seq, _) => seq,
        };
        let task = self.tasks.get_mut(&seq).ok_or_else(unknown)?;
        let last = match found {
            Found::Task(_) => task.executions().iter().map(|f| f.start_ms).max(),
            Found::Run(_, ms) => task
                .runs
                .get(&ms)
                .and_then(|r| r.figures)
                .map(|f| f.start_ms),
        };
        let Some(last) = last else {
            return Err((
                "TASK_NOT_PUSHED",
                format!("task {id} has not been pushed yet; nothing to revoke"),
            ));
        };
        if now_ms - last > REVOKE_WINDOW_DAYS * DAY_MS {
            return Err((
                "REVOKE_WINDOW_EXPIRED",
                format!(
                    "task {id} was pushed more than {REVOKE_WINDOW_DAYS} days ago; only messages \
                     of the last {REVOKE_WINDOW_DAYS} days can be revoked"
                ),
            ));
        }
        task.revoked_ms = Some(now_ms);
        Ok(())
    }

    /// `QueryPushAnalysisTaskDetail` data of a task (sum over its runs) or
    /// of one run; `None` for an unknown id.
    pub(crate) fn detail(&self, app: &str, ws: &str, id: &str) -> Option<Value> {
        let figures = match self.find(app, ws, id)? {
            Found::Task(seq) => self.tasks.get(&seq)?.executions(),
            Found::Run(seq, ms) => self
                .tasks
                .get(&seq)?
                .runs
                .get(&ms)
                .and_then(|r| r.figures)
                .into_iter()
                .collect(),
        };
        Some(detail_json(id, &figures))
    }

    /// `QueryPushAnalysisTaskList` entries of app + workspace created at or
    /// after `start_ms`, newest first, executed runs of recurring tasks in
    /// `List`. Tasks cancelled before they ever ran are left out.
    pub(crate) fn reports(
        &self,
        app: &str,
        ws: &str,
        start_ms: i64,
        task_id: Option<&str>,
        task_name: Option<&str>,
    ) -> Vec<Value> {
        self.tasks
            .values()
            .rev()
            .filter(|t| {
                t.info.app_id == app
                    && t.info.workspace_id == ws
                    && t.info.created_ms >= start_ms
                    && task_id.is_none_or(|id| id == t.info.task_id)
                    && task_name.is_none_or(|n| n == t.info.task_name)
                    && !(t.status == Status::Cancelled && t.executions().is_empty())
            })
            .map(|t| {
                let mut entry = t.report_entry(&t.info.task_id, t.info.created_ms);
                let runs: Vec<Value> = t
                    .live_runs()
                    .into_iter()
                    .filter(|(_, _, executed)| *executed)
                    .map(|(day, ms, _)| {
                        Value::Object(t.report_entry(&run_id(&t.info.task_id, day), ms))
                    })
                    .collect();
                entry.insert("List".into(), Value::Array(runs));
                Value::Object(entry)
            })
            .collect()
    }

    /// The `/_emulator/tasks` view, oldest first; `all` includes immediate
    /// broadcasts.
    pub(crate) fn to_json(&self, all: bool) -> Vec<Value> {
        self.tasks
            .iter()
            .filter(|(_, t)| all || !matches!(t.info.schedule, Schedule::Immediate))
            .map(|(seq, t)| t.to_json(*seq))
            .collect()
    }
}

/// The template text with `#name#` placeholders filled, cut to a bounded
/// length.
pub(crate) fn render(template: &str, values: Option<&BTreeMap<String, String>>) -> String {
    let mut text = template.to_owned();
    if let Some(values) = values {
        for (k, v) in values {
            text = text.replace(&format!("#{k}#"), v);
            if text.len() > 4 * MAX_CONTENT {
                break;
            }
        }
    }
    if text.len() > MAX_CONTENT {
        let mut cut = MAX_CONTENT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone, Utc};

    const AUDIENCE: u64 = 1000;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn new_task(id: &str, schedule: Schedule, created_ms: i64) -> NewTask {
        NewTask {
            task_id: id.into(),
            app_id: "A".into(),
            workspace_id: "W".into(),
            msgkey: format!("m-{id}"),
            task_name: "news".into(),
            template_id: "1".into(),
            template_name: "tpl".into(),
            content: "hi".into(),
            delivery_type: 1,
            strategy_content: None,
            schedule,
            created_ms,
        }
    }

    fn recurring(s: Schedule) -> Recurrence {
        match s {
            Schedule::Recurring(r) => r,
            other => panic!("not recurring: {other:?}"),
        }
    }

    /// 2026-12-01 00:00 China.
    fn dec1() -> i64 {
        china_midnight_ms(day(2026, 12, 1))
    }

    #[test]
    fn weekly_occurrences_follow_china_days() {
        // 2026-12-01 is a Tuesday; Monday and Wednesday at 09:30 China.
        let nine_thirty = NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        let r = recurring(Schedule::weekly(
            [1, 3],
            day(2026, 12, 1),
            day(2026, 12, 14),
            nine_thirty,
        ));
        let days: Vec<_> = occurrences(&r).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            days,
            vec![
                day(2026, 12, 2),
                day(2026, 12, 7),
                day(2026, 12, 9),
                day(2026, 12, 14)
            ]
        );
        // 09:30 China = 01:30 UTC.
        assert_eq!(
            occurrences(&r)[0].1,
            Utc.with_ymd_and_hms(2026, 12, 2, 1, 30, 0)
                .unwrap()
                .timestamp_millis()
        );
        assert_eq!(period_end_ms(&r), china_midnight_ms(day(2026, 12, 15)));
        let monthly = recurring(Schedule::monthly(
            [31, 1],
            day(2026, 12, 1),
            day(2027, 2, 1),
            nine_thirty,
        ));
        let days: Vec<_> = occurrences(&monthly).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            days,
            vec![
                day(2026, 12, 1),
                day(2026, 12, 31),
                day(2027, 1, 1),
                day(2027, 1, 31),
                day(2027, 2, 1)
            ]
        );
    }

    #[test]
    fn lifecycle_execute_cancel_revoke() {
        let mut s = TaskStore::default();
        let fixed = Schedule::At(Utc.timestamp_millis_opt(dec1() + 3_600_000).unwrap());
        let daily = Schedule::daily(
            day(2026, 12, 2),
            day(2026, 12, 4),
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        );
        s.add(new_task("11", fixed, dec1()), AUDIENCE, 2, 100)
            .unwrap();
        s.add(new_task("12", daily, dec1()), AUDIENCE, 2, 100)
            .unwrap();
        assert!(
            s.add(
                new_task("13", Schedule::At(Utc::now()), dec1()),
                AUDIENCE,
                2,
                100
            )
            .is_err()
        );
        s.add(
            new_task("14", Schedule::Immediate, dec1()),
            AUDIENCE,
            2,
            100,
        )
        .unwrap();
        assert_eq!(s.pending("A"), 2);
        let all = s.scheduler_entries("A", "W", 0, i64::MAX, None);
        let ids: Vec<_> = all
            .iter()
            .map(|e| e["UniqueId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["11", "12-20261202", "12-20261203", "12-20261204"]);
        assert_eq!(
            s.scheduler_entries("A", "W", 0, i64::MAX, Some("12")).len(),
            3
        );
        assert_eq!(
            s.scheduler_entries("A", "W", 0, i64::MAX, Some("12-20261203"))
                .len(),
            1
        );
        assert!(
            s.scheduler_entries("B", "W", 0, i64::MAX, Some("12"))
                .is_empty()
        );

        // Cancel one run, then let two days pass.
        let (done, refused) = s.cancel("A", "W", &["12-20261203".into(), "99".into()]);
        assert_eq!(
            (done, refused),
            (vec!["12-20261203".to_owned()], vec!["99".to_owned()])
        );
        s.execute_due(
            china_midnight_ms(day(2026, 12, 4)) + 12 * 3_600_000,
            AUDIENCE,
        );
        // The period (to 24:00 on Dec 4) is not over: still pending.
        assert_eq!(s.pending("A"), 1);
        s.execute_due(china_midnight_ms(day(2026, 12, 5)), AUDIENCE);
        assert_eq!(s.pending("A"), 0);
        let d = s.detail("A", "W", "12").unwrap();
        assert_eq!(d["PushNum"], 2000);
        assert_eq!(d["PushSuccessNum"], 1960);
        assert_eq!(d["PushArrivalNum"], 1900.0);
        assert_eq!(d["Duration"], "120s");
        let d = s.detail("A", "W", "11").unwrap();
        assert_eq!(
            (d["TaskId"].clone(), d["StartTime"].clone()),
            (json!(11), json!(dec1() + 3_600_000))
        );
        assert_eq!(d["EndTime"], dec1() + 3_660_000);
        // Executed: not cancellable any more.
        assert_eq!(s.cancel("A", "W", &["11".into()]).0.len(), 0);
        let reports = s.reports("A", "W", 0, None, None);
        assert_eq!(reports.len(), 3);
        assert_eq!(reports[1]["TaskId"], "12");
        assert_eq!(reports[1]["List"].as_array().unwrap().len(), 2);
        assert!(s.revoke("A", "W", "11", dec1() + 7 * DAY_MS).is_ok());
        let (code, msg) = s.revoke("A", "W", "11", dec1() + 8 * DAY_MS).unwrap_err();
        assert_eq!(code, "REVOKE_WINDOW_EXPIRED");
        assert!(msg.contains("7 days"), "{msg}");
        assert_eq!(
            s.revoke("A", "W", "404", dec1()).unwrap_err().0,
            "TASK_NOT_EXIST"
        );
    }

    #[test]
    fn storage_is_bounded_and_keeps_pending_counts() {
        let mut s = TaskStore::default();
        let later = Schedule::At(Utc.timestamp_millis_opt(dec1() + DAY_MS).unwrap());
        s.add(new_task("1", later.clone(), dec1()), AUDIENCE, 10, 3)
            .unwrap();
        for id in 2..=10 {
            s.add(
                new_task(&id.to_string(), Schedule::Immediate, dec1()),
                AUDIENCE,
                10,
                3,
            )
            .unwrap();
        }
        assert_eq!(s.tasks.len(), 3);
        // The pending task was kept, finished ones went first.
        assert!(s.tasks.contains_key(&1));
        assert_eq!(s.pending("A"), 1);
        for id in 11..=14 {
            s.add(
                new_task(&id.to_string(), later.clone(), dec1()),
                AUDIENCE,
                10,
                3,
            )
            .unwrap();
        }
        assert_eq!(s.tasks.len(), 3);
        assert_eq!(s.pending("A"), 3);
        assert_eq!(s.due.len(), 3);
    }

    #[test]
    fn content_is_rendered_and_bounded() {
        let values: BTreeMap<String, String> = [("content".to_owned(), "x".repeat(5000))]
            .into_iter()
            .collect();
        assert_eq!(render("Hi #name#", None), "Hi #name#");
        let r = render("#content#", Some(&values));
        assert!(r.len() <= MAX_CONTENT + 3 && r.ends_with('…'));
    }
}
