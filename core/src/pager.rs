//! Paging, decided once: which page comes next is the core's answer
//! (`next_page` of a list result); bindings only adapt [`Pager`] to their
//! idiom (a Python iterator, a JS async iterator, a Kotlin `Flow`, a Java
//! `Iterable`) and never compute a page number themselves.

use std::collections::VecDeque;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::client::Client;
use crate::error::{Error, ValidationError};
use crate::model::{SchedulerListQuery, TaskListQuery};
use crate::operation::{AnyRequest, Operation};
use crate::results::{ScheduledTask, SchedulerPage, TaskListPage, TaskReport};
use crate::rule::Rule;

/// A list action: its result is one page of items and names the next page.
pub trait Paged: Operation + Clone + Send + Sync + 'static {
    /// One entry of a page.
    type Item: Send + 'static;
    /// Points the query at page `n`.
    fn at_page(&mut self, n: u32);
    /// A page's items and the next page's number.
    fn split(page: Self::Output) -> (Vec<Self::Item>, Option<u32>);
}

impl Paged for SchedulerListQuery {
    type Item = ScheduledTask;
    fn at_page(&mut self, n: u32) {
        self.paging.page_number = Some(n);
    }
    fn split(page: SchedulerPage) -> (Vec<ScheduledTask>, Option<u32>) {
        (page.tasks, page.next_page)
    }
}

impl Paged for TaskListQuery {
    type Item = TaskReport;
    fn at_page(&mut self, n: u32) {
        self.paging.page_number = Some(n);
    }
    fn split(page: TaskListPage) -> (Vec<TaskReport>, Option<u32>) {
        (page.tasks, page.next_page)
    }
}

/// Every item of a list query, one page fetched at a time as items are
/// asked for. After an error the same page is asked for again on the next
/// call (so a caller may retry); after the last page it returns `None`.
///
/// ```no_run
/// use mpaas_push::{Client, SchedulerListQuery, Target};
/// # fn demo(client: Client) -> Result<(), mpaas_push::Error> {
/// let now = chrono::Utc::now();
/// let q = SchedulerListQuery::new(Target::new("A", "W"), now, now + chrono::Duration::days(30));
/// let mut pager = client.pager(q);
/// while let Some(task) = pager.next_blocking()? {
///     println!("{}", task.unique_id);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Pager<Q: Paged> {
    client: Client,
    query: Option<Q>,
    buffer: VecDeque<Q::Item>,
}

impl<Q: Paged> Pager<Q> {
    /// A pager starting at `query`'s page (the first page by default).
    pub fn new(client: Client, query: Q) -> Self {
        Self {
            client,
            query: Some(query),
            buffer: VecDeque::new(),
        }
    }

    /// The next item, fetching the next page when needed.
    pub async fn next(&mut self) -> Result<Option<Q::Item>, Error> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Ok(Some(item));
            }
            let Some(q) = &self.query else {
                return Ok(None);
            };
            let page = self.client.send(q).await?;
            self.take(page);
        }
    }

    /// Blocking [`next`](Self::next) (on the calling thread, like
    /// [`Client::send_blocking`]).
    pub fn next_blocking(&mut self) -> Result<Option<Q::Item>, Error> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Ok(Some(item));
            }
            let Some(q) = &self.query else {
                return Ok(None);
            };
            let page = self.client.send_blocking(q)?;
            self.take(page);
        }
    }

    fn take(&mut self, page: Q::Output) {
        let (items, next) = Q::split(page);
        self.buffer.extend(items);
        match (next, self.query.as_mut()) {
            (Some(n), Some(q)) => q.at_page(n),
            _ => self.query = None,
        }
    }

    /// The items as a stream; it ends after the last page or the first
    /// error.
    pub fn into_stream(self) -> impl Stream<Item = Result<Q::Item, Error>> + Send + 'static {
        futures_util::stream::unfold(Some(self), |state| async move {
            let mut pager = state?;
            match pager.next().await {
                Ok(Some(item)) => Some((Ok(item), Some(pager))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
        .boxed()
    }
}

/// One item of an [`AnyPager`].
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum AnyItem {
    /// From `QueryPushSchedulerList`.
    ScheduledTask(ScheduledTask),
    /// From `QueryPushAnalysisTaskList`.
    TaskReport(TaskReport),
}

/// A [`Pager`] over a request read at run time (what the dynamic bindings
/// hold): `QueryPushSchedulerList` or `QueryPushAnalysisTaskList`.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyPager {
    /// Scheduled tasks.
    Schedulers(Pager<SchedulerListQuery>),
    /// Task reports.
    Reports(Pager<TaskListQuery>),
}

impl AnyPager {
    /// A pager for `req`; other actions have no pages (a `config` error
    /// naming `action`).
    pub fn new(client: Client, req: AnyRequest) -> Result<Self, Error> {
        match req {
            AnyRequest::QueryPushSchedulerList(q) => Ok(Self::Schedulers(Pager::new(client, q))),
            AnyRequest::QueryPushAnalysisTaskList(q) => Ok(Self::Reports(Pager::new(client, q))),
            other => Err(Error::option(
                ValidationError::new(
                    "action",
                    Rule::OneOf,
                    "has no pages; expected QueryPushSchedulerList or QueryPushAnalysisTaskList",
                )
                .with_value(other.action().as_str()),
            )),
        }
    }

    /// The next item.
    pub async fn next(&mut self) -> Result<Option<AnyItem>, Error> {
        Ok(match self {
            Self::Schedulers(p) => p.next().await?.map(AnyItem::ScheduledTask),
            Self::Reports(p) => p.next().await?.map(AnyItem::TaskReport),
        })
    }

    /// Blocking [`next`](Self::next).
    pub fn next_blocking(&mut self) -> Result<Option<AnyItem>, Error> {
        Ok(match self {
            Self::Schedulers(p) => p.next_blocking()?.map(AnyItem::ScheduledTask),
            Self::Reports(p) => p.next_blocking()?.map(AnyItem::TaskReport),
        })
    }
}

impl Client {
    /// A [`Pager`] over every item of `query`, from its page on.
    pub fn pager<Q: Paged>(&self, query: Q) -> Pager<Q> {
        Pager::new(self.clone(), query)
    }

    /// Every scheduled task matching `q`, page after page (from
    /// `q.paging`'s page on), as a stream; it ends after the last page or
    /// the first error.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// use mpaas_push::{Client, SchedulerListQuery, Target};
    /// # async fn demo(client: Client) -> Result<(), mpaas_push::Error> {
    /// let now = chrono::Utc::now();
    /// let q = SchedulerListQuery::new(Target::new("A", "W"), now, now + chrono::Duration::days(30));
    /// let tasks: Vec<_> = client.scheduled_tasks(q).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn scheduled_tasks(
        &self,
        q: SchedulerListQuery,
    ) -> impl Stream<Item = Result<ScheduledTask, Error>> + Send + 'static {
        self.pager(q).into_stream()
    }

    /// Every task report matching `q`, page after page, as a stream.
    pub fn task_reports(
        &self,
        q: TaskListQuery,
    ) -> impl Stream<Item = Result<TaskReport, Error>> + Send + 'static {
        self.pager(q).into_stream()
    }
}
