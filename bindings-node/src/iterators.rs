//! The async iterators of the list actions: `client.scheduledTasks(query)`
//! and `client.taskReports(query)` return one of these classes, usable with
//! `for await (const task of …)`. Each is its own iterator
//! (`[Symbol.asyncIterator]()` returns `this`), single use like a generator,
//! with `next()` and `return()` resolving to `{ value, done }`. Pages are
//! fetched on demand by [`crate::companion::Pager`]; a failed page rejects
//! `next()` with the usual error (code, `maybeSent`, …) and ends the
//! iteration.
//!
//! napi-rs 3 also offers `#[napi(async_iterator)]`, but its `next()` can only
//! reject with a plain message (the error object must be built on the
//! JavaScript thread, with the `code` and the other properties) and its
//! typings declare an `AsyncGenerator` the returned object is not; these
//! two small classes keep the error contract and declare what they are.

use std::sync::Arc;

use mpaas_push::Error;
use napi::bindgen_prelude::{Env, Object, PromiseRaw, This};
use napi_derive::napi;
use serde_json::Value;

use crate::companion::Pager;
use crate::panics::{CatchUnwind, guard};

/// `{ value, done }` of one step: `{ value: item, done: false }`, or
/// `{ value: undefined, done: true }` at the end.
fn step<'env>(env: &'env Env, item: Option<Value>) -> napi::Result<Object<'env>> {
    let mut obj = Object::new(env)?;
    match item {
        Some(v) => {
            obj.set("value", v)?;
            obj.set("done", false)?;
        }
        None => {
            obj.set("value", ())?;
            obj.set("done", true)?;
        }
    }
    Ok(obj)
}

/// `next()`: the pager's next item as a Promise of `{ value, done }`.
fn next<'env>(env: &'env Env, pager: &Arc<Pager>) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
    let pager = Arc::clone(pager);
    let call = async move { pager.next().await };
    env.spawn_future_with_callback(CatchUnwind(Box::pin(call)), |env, outcome| {
        let item = guard(env, || outcome)?;
        step(env, item)
    })
}

/// `return()`: stops the pager; resolves to `{ value: undefined, done: true }`.
fn finish<'env>(
    env: &'env Env,
    pager: &Arc<Pager>,
) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
    let pager = Arc::clone(pager);
    let call = async move {
        pager.finish().await;
        Ok::<_, Error>(())
    };
    env.spawn_future_with_callback(CatchUnwind(Box::pin(call)), |env, outcome| {
        guard(env, || outcome)?;
        step(env, None)
    })
}

/// Every scheduled task of a `QueryPushSchedulerList` query, page after
/// page (from the query's `pageNumber`, default 1), as an async iterator:
/// `for await (const task of client.scheduledTasks(query))`. Pages are
/// fetched as the loop asks for them; a failed page rejects (the same errors
/// as `querySchedulers`) and ends the iteration. Single use.
#[napi]
#[derive(Debug)]
pub struct ScheduledTaskIterator {
    pager: Arc<Pager>,
}

impl ScheduledTaskIterator {
    pub(crate) fn new(pager: Pager) -> Self {
        Self {
            pager: Arc::new(pager),
        }
    }
}

#[napi]
impl ScheduledTaskIterator {
    /// The next task: `{ value: task, done: false }`, or `{ value:
    /// undefined, done: true }` after the last page.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<IteratorResult<ScheduledTask, undefined>>"
    )]
    pub fn next<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        next(env, &self.pager)
    }

    /// Stops the iteration (what `break` in `for await` calls); later
    /// `next()` calls resolve to `done`.
    #[napi(
        js_name = "return",
        catch_unwind,
        ts_return_type = "Promise<IteratorReturnResult<undefined>>"
    )]
    pub fn finish<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        finish(env, &self.pager)
    }

    /// The iterator itself (so `for await … of` accepts it).
    #[napi(well_known_symbol = "asyncIterator", ts_return_type = "this")]
    pub fn iterator<'a>(&self, this: This<'a>) -> Object<'a> {
        this.object
    }
}

/// Every task report of a `QueryPushAnalysisTaskList` query, page after
/// page (from the query's `pageNumber`, default 1), as an async iterator:
/// `for await (const report of client.taskReports(query))`. Pages are
/// fetched as the loop asks for them; a failed page rejects (the same errors
/// as `taskList`) and ends the iteration. Single use.
#[napi]
#[derive(Debug)]
pub struct TaskReportIterator {
    pager: Arc<Pager>,
}

impl TaskReportIterator {
    pub(crate) fn new(pager: Pager) -> Self {
        Self {
            pager: Arc::new(pager),
        }
    }
}

#[napi]
impl TaskReportIterator {
    /// The next report: `{ value: report, done: false }`, or `{ value:
    /// undefined, done: true }` after the last page.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<IteratorResult<TaskReport, undefined>>"
    )]
    pub fn next<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        next(env, &self.pager)
    }

    /// Stops the iteration (what `break` in `for await` calls); later
    /// `next()` calls resolve to `done`.
    #[napi(
        js_name = "return",
        catch_unwind,
        ts_return_type = "Promise<IteratorReturnResult<undefined>>"
    )]
    pub fn finish<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        finish(env, &self.pager)
    }

    /// The iterator itself (so `for await … of` accepts it).
    #[napi(well_known_symbol = "asyncIterator", ts_return_type = "this")]
    pub fn iterator<'a>(&self, this: This<'a>) -> Object<'a> {
        this.object
    }
}
