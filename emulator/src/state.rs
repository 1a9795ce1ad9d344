//! The emulator's memory: recorded requests, scripted faults, seen nonces,
//! accepted Msgkeys and push tasks ([`TaskStore`]) — every collection capped,
//! so memory stays bounded whatever clients send.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::faults::{Fault, FaultRule};
use crate::tasks::{NewTask, TaskStore};
use crate::{AccessKey, EmulatorConfig};

/// Longest value kept per recorded parameter (bytes); longer ones are cut.
const MAX_RECORDED_VALUE: usize = 4096;

/// One received request, as `/_emulator/requests` lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Recorded {
    pub(crate) seq: u64,
    pub(crate) received_at: String,
    pub(crate) action: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) signature_method: Option<&'static str>,
    pub(crate) access_key_id: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) msgkey: Option<String>,
    pub(crate) params: BTreeMap<String, String>,
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) task_id: Option<String>,
    pub(crate) fault: Option<&'static str>,
}

#[derive(Debug, Default)]
struct Inner {
    seq: u64,
    recorded: VecDeque<Recorded>,
    faults: Vec<FaultRule>,
    nonces: HashSet<String>,
    nonce_order: VecDeque<(String, i64)>,
    msgkeys: HashMap<(String, String), String>,
    msgkey_order: VecDeque<(String, String)>,
    tasks: TaskStore,
    next_task: u64,
}

/// Shared state of one emulator.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: EmulatorConfig,
    keys: HashMap<String, AccessKey>,
    inner: Mutex<Inner>,
    received: AtomicU64,
    failed_handshakes: AtomicU64,
    clock_offset_ms: AtomicI64,
}

/// Outcome of remembering a Msgkey.
pub(crate) enum MsgkeyCheck {
    /// First time: reserved under this task id.
    New(String),
    /// Seen before: the task id it was accepted as.
    Duplicate(String),
}

impl State {
    pub(crate) fn new(config: EmulatorConfig) -> Self {
        let keys = config
            .access_keys
            .iter()
            .map(|k| (k.id.clone(), k.clone()))
            .collect();
        Self {
            config,
            keys,
            inner: Mutex::new(Inner {
                next_task: 1_000_001,
                ..Default::default()
            }),
            received: AtomicU64::new(0),
            failed_handshakes: AtomicU64::new(0),
            clock_offset_ms: AtomicI64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned lock only means another request panicked; the data is
        // still consistent enough for a test server, and we must not panic.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn key(&self, id: &str) -> Option<&AccessKey> {
        self.keys.get(id)
    }

    /// The emulator's "now": the system clock plus the test offset.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.clock_offset_ms.load(Ordering::Relaxed))
    }

    pub(crate) fn clock_offset_ms(&self) -> i64 {
        self.clock_offset_ms.load(Ordering::Relaxed)
    }

    pub(crate) fn set_clock_offset_ms(&self, ms: i64) {
        self.clock_offset_ms.store(ms, Ordering::Relaxed);
    }

    pub(crate) fn count_failed_handshake(&self) {
        self.failed_handshakes.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn failed_handshakes(&self) -> u64 {
        self.failed_handshakes.load(Ordering::Relaxed)
    }

    pub(crate) fn count_received(&self) {
        self.received.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn received_count(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }

    /// Takes one use of the first fault rule matching, if any. `before_body`
    /// selects only `drop_before_body` rules (the body is not read yet).
    pub(crate) fn take_fault(
        &self,
        before_body: bool,
        action: Option<&str>,
        msgkey: Option<&str>,
    ) -> Option<Fault> {
        let mut inner = self.lock();
        let idx = inner.faults.iter().position(|r| {
            r.count > 0
                && matches!(r.fault, Fault::DropBeforeBody) == before_body
                && r.matches_action(action)
                && r.msgkey.as_deref().is_none_or(|m| Some(m) == msgkey)
        })?;
        let rule = &mut inner.faults[idx];
        rule.count -= 1;
        let fault = rule.fault.clone();
        if rule.count == 0 {
            inner.faults.remove(idx);
        }
        Some(fault)
    }

    pub(crate) fn add_fault(&self, rule: FaultRule) {
        self.lock().faults.push(rule);
    }

    pub(crate) fn faults(&self) -> Vec<FaultRule> {
        self.lock().faults.clone()
    }

    /// Remembers a nonce; `false` if it was already used within the window.
    pub(crate) fn use_nonce(&self, nonce: &str, now: DateTime<Utc>) -> bool {
        let now_s = now.timestamp();
        let window = self.config.timestamp_window.as_secs() as i64;
        let mut inner = self.lock();
        while let Some((_, exp)) = inner.nonce_order.front() {
            if *exp > now_s && inner.nonce_order.len() < self.config.max_remembered_nonces {
                break;
            }
            if let Some((n, _)) = inner.nonce_order.pop_front() {
                inner.nonces.remove(&n);
            }
        }
        if !inner.nonces.insert(nonce.to_owned()) {
            return false;
        }
        inner
            .nonce_order
            .push_back((nonce.to_owned(), now_s + 2 * window));
        true
    }

    /// Reserves `msgkey` for `app` under a new task id, or reports the task
    /// it was accepted as before.
    pub(crate) fn claim_msgkey(&self, app: &str, msgkey: &str) -> MsgkeyCheck {
        let mut inner = self.lock();
        let key = (app.to_owned(), msgkey.to_owned());
        if let Some(task) = inner.msgkeys.get(&key) {
            return MsgkeyCheck::Duplicate(task.clone());
        }
        let task_id = inner.next_task.to_string();
        inner.next_task += 1;
        if inner.msgkey_order.len() >= self.config.max_remembered_msgkeys
            && let Some(old) = inner.msgkey_order.pop_front()
        {
            inner.msgkeys.remove(&old);
        }
        inner.msgkeys.insert(key.clone(), task_id.clone());
        inner.msgkey_order.push_back(key);
        MsgkeyCheck::New(task_id)
    }

    /// Undoes a [`claim_msgkey`](Self::claim_msgkey) when the push is then
    /// rejected (e.g. the pending-task limit).
    pub(crate) fn release_msgkey(&self, app: &str, msgkey: &str) {
        let mut inner = self.lock();
        inner.msgkeys.remove(&(app.to_owned(), msgkey.to_owned()));
    }

    /// Whether `msgkey` was accepted for `app` (and is still remembered).
    pub(crate) fn msgkey_known(&self, app: &str, msgkey: &str) -> bool {
        self.lock()
            .msgkeys
            .contains_key(&(app.to_owned(), msgkey.to_owned()))
    }

    /// Runs `f` on the tasks after executing everything due at the
    /// emulator's "now" (which `f` also receives).
    pub(crate) fn with_tasks<R>(&self, f: impl FnOnce(&mut TaskStore, DateTime<Utc>) -> R) -> R {
        let now = self.now();
        let mut inner = self.lock();
        inner
            .tasks
            .execute_due(now.timestamp_millis(), self.config.audience_size);
        f(&mut inner.tasks, now)
    }

    /// Stores a task (every accepted broadcast is one); `false` if it is
    /// scheduled and the app already has the maximum number of pending
    /// tasks.
    pub(crate) fn add_task(&self, task: NewTask) -> bool {
        let c = &self.config;
        self.with_tasks(|tasks, _| {
            tasks
                .add(
                    task,
                    c.audience_size,
                    c.max_pending_tasks_per_app,
                    c.max_stored_tasks,
                )
                .is_ok()
        })
    }

    /// The `/_emulator/tasks` view (`all`: immediate broadcasts too).
    pub(crate) fn tasks_json(&self, all: bool) -> Vec<serde_json::Value> {
        self.with_tasks(|tasks, _| tasks.to_json(all))
    }

    pub(crate) fn record(&self, mut r: Recorded) {
        for v in r.params.values_mut() {
            if v.len() > MAX_RECORDED_VALUE {
                let mut cut = MAX_RECORDED_VALUE;
                while !v.is_char_boundary(cut) {
                    cut -= 1;
                }
                v.truncate(cut);
                v.push('…');
            }
        }
        let mut inner = self.lock();
        inner.seq += 1;
        r.seq = inner.seq;
        let evicted = if inner.recorded.len() >= self.config.max_recorded_requests {
            inner.recorded.pop_front()
        } else {
            None
        };
        inner.recorded.push_back(r);
        drop(inner);
        // Freed outside the lock: other requests need not wait for it.
        drop(evicted);
    }

    pub(crate) fn recorded(&self) -> Vec<Recorded> {
        self.lock().recorded.iter().cloned().collect()
    }

    /// Forgets everything but the configuration.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        let next_task = inner.next_task;
        *inner = Inner {
            next_task,
            ..Default::default()
        };
        self.clock_offset_ms.store(0, Ordering::Relaxed);
    }
}
