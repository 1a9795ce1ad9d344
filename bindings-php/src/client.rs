//! `MpaasPush\Client`: the core `Client` behind a PHP object. Options and
//! requests are converted to the core's neutral JSON ([`crate::convert`])
//! and read by the core (`ClientOptions::from_json`, `AnyRequest::from_json`);
//! calls block the PHP thread (PHP runs one request per process or thread)
//! while the core's runtime does the I/O.

use std::sync::{Arc, RwLock};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;
use mpaas_push::{
    Action, AnyItem, AnyPager, AnyRequest, Client as CoreClient, ClientOptions, Error, host,
};
use serde_json::Value;

use crate::convert::{serialize, to_json};
use crate::errors::{config, guard};
pub use crate::request::BroadcastRequest;

/// The neutral request of a typed call: `array` or [`BroadcastRequest`].
fn request(action: Action, request: &Zval) -> Result<AnyRequest, Error> {
    Ok(AnyRequest::from_json(
        action,
        &to_json(request, "request")?,
    )?)
}

/// Sends any request and returns its typed result as PHP.
fn send(client: &CoreClient, req: &AnyRequest) -> Result<Zval, Error> {
    match req {
        AnyRequest::PushBroadcast(r) => {
            let result = client.send_blocking(&**r)?;
            let obj = BroadcastResult(serialize(&result)?);
            ext_php_rs::convert::IntoZval::into_zval(obj, false)
                .map_err(|_| Error::internal("PHP refused a result object"))
        }
        AnyRequest::QueryPushSchedulerList(r) => serialize(&client.send_blocking(r)?),
        AnyRequest::CancelPushScheduler(r) => serialize(&client.send_blocking(r)?),
        AnyRequest::RevokePushTask(r) => serialize(&client.send_blocking(r)?),
        AnyRequest::RevokePushMessage(r) => serialize(&client.send_blocking(r)?),
        AnyRequest::QueryPushAnalysisTaskDetail(r) => serialize(&client.send_blocking(r)?),
        AnyRequest::QueryPushAnalysisTaskList(r) => serialize(&client.send_blocking(r)?),
        other => Err(Error::internal(format!(
            "{} has no result type in this extension version",
            other.action().as_str()
        ))),
    }
}

/// The result of a broadcast the service accepted (read-only properties
/// `requestId`, `taskId`, `resultCode`, `resultMessage`,
/// `pushResultMessage`, `httpStatus`, `alreadyAccepted`).
#[php_class]
#[php(name = "MpaasPush\\BroadcastResult")]
#[derive(Debug)]
pub struct BroadcastResult(Zval);

/// The exact HTTP request a dry run signed (read-only properties `method`,
/// `url`, `headers`, `body`, `signatureMethod`, `signedParams`,
/// `canonicalRequest` (ACS3 only), `stringToSign`, `signature`, `nonce`,
/// `timestamp`); secrets are redacted.
#[php_class]
#[php(name = "MpaasPush\\PreparedRequest")]
#[derive(Debug)]
pub struct PreparedRequest(Zval);

/// Read-only properties from the serde form of a core value.
macro_rules! props {
    ($t:ident) => {
        #[php_impl]
        impl $t {
            /// A property (`$result->taskId`); `null` when absent.
            pub fn __get(&self, name: &str) -> Zval {
                self.0
                    .array()
                    .and_then(|a| a.get(name))
                    .map_or_else(Zval::null, Zval::shallow_clone)
            }
            /// Whether the property is set (`isset($result->taskId)`).
            pub fn __isset(&self, name: &str) -> bool {
                self.0
                    .array()
                    .and_then(|a| a.get(name))
                    .is_some_and(|v| !v.is_null())
            }
            /// Every property as an array.
            pub fn to_array(&self) -> Zval {
                self.0.shallow_clone()
            }
        }
    };
}
props!(BroadcastResult);
props!(PreparedRequest);

/// A Message Push Service client. Create one per process and keep it: it
/// owns one connection pool. Secrets are never kept on the PHP object.
#[php_class]
#[php(name = "MpaasPush\\Client")]
#[derive(Debug)]
pub struct Client {
    inner: Arc<RwLock<Option<CoreClient>>>,
    endpoint: String,
    user_agent: String,
}

fn make(options: Option<&Zval>, from_env: bool) -> Result<Client, Error> {
    let json = match options {
        Some(v) if !v.is_null() => to_json(v, "options").map_err(host::in_options)?,
        _ => Value::Null,
    };
    let opts = match json {
        Value::Null => ClientOptions::default(),
        v => ClientOptions::from_json(&v)?,
    };
    let client = if from_env {
        opts.build_from_env("php")?
    } else {
        opts.build("php")?
    };
    Ok(Client {
        endpoint: client.endpoint().url().to_owned(),
        user_agent: client.user_agent().to_owned(),
        inner: Arc::new(RwLock::new(Some(client))),
    })
}

impl Client {
    fn core(&self) -> Result<CoreClient, Error> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        inner.clone().ok_or_else(|| config("the client is closed"))
    }

    fn call(&self, action: Action, req: &Zval) -> PhpResult<Zval> {
        guard(|| send(&self.core()?, &request(action, req)?))
    }

    fn pages(&self, action: Action, query: &Zval) -> PhpResult<PageIterator> {
        guard(|| {
            let pager = AnyPager::new(self.core()?, request(action, query)?)?;
            Ok(PageIterator {
                pager: Some(pager),
                current: None,
                key: 0,
                started: false,
            })
        })
    }

    fn dry_run(
        &self,
        action: Action,
        req: &Zval,
        pins: Option<&Zval>,
    ) -> PhpResult<PreparedRequest> {
        guard(|| {
            let client = self.core()?;
            let req = request(action, req)?;
            let pins = pins
                .map(|v| crate::convert::to_json(v, "pins"))
                .transpose()?;
            let (nonce, at) = mpaas_push::host::pins(pins.unwrap_or_default(), "pins")?;
            let prepared = client.prepare_any_pinned(&req, at.as_deref(), nonce.as_deref())?;
            Ok(PreparedRequest(serialize(&prepared)?))
        })
    }
}

fn action(name: &str) -> Result<Action, Error> {
    name.parse()
}

#[php_impl]
impl Client {
    /// A client from the options array (`accessKeyId`, `accessKeySecret`,
    /// `endpoint`, `connectTimeoutMs`, `retry` => [...], …, as in every
    /// language). Without a key pair, credentials come from the default
    /// chain (environment, credential files). A bad option throws
    /// `ConfigException` naming it (`getField()`) and its rule (`getRule()`).
    pub fn __construct(options: Option<&Zval>) -> PhpResult<Self> {
        guard(|| make(options, false))
    }

    /// A client whose credentials come from the environment or the
    /// credential files; `options` are the other options (credential
    /// options are refused).
    pub fn from_env(options: Option<&Zval>) -> PhpResult<Self> {
        guard(|| make(options, true))
    }

    /// Validates, signs and sends one PushBroadcast (an `array` of the
    /// neutral camelCase fields or a `BroadcastRequest`). Only failures that
    /// cannot have reached the service are retried (`isMaybeSent()` on the
    /// exception tells whether it may have gone out).
    pub fn push_broadcast(&self, request: &Zval) -> PhpResult<Zval> {
        self.call(Action::PushBroadcast, request)
    }

    /// Dry run: validates and signs without sending; returns the exact
    /// HTTP request (secrets redacted). `['nonce' => …, 'timestamp' => …]`
    /// pins the signature (the timestamp is also "now" for validation).
    pub fn prepare_broadcast(
        &self,
        request: &Zval,
        pins: Option<&Zval>,
    ) -> PhpResult<PreparedRequest> {
        self.dry_run(Action::PushBroadcast, request, pins)
    }

    /// One page of scheduled tasks (`QueryPushSchedulerList`), as an array.
    pub fn query_schedulers(&self, query: &Zval) -> PhpResult<Zval> {
        self.call(Action::QueryPushSchedulerList, query)
    }

    /// Every scheduled task of `query`, all pages, fetched as the loop
    /// reaches them: `foreach ($client->scheduledTasks($q) as $task)`.
    pub fn scheduled_tasks(&self, query: &Zval) -> PhpResult<PageIterator> {
        self.pages(Action::QueryPushSchedulerList, query)
    }

    /// Cancels scheduled tasks (`CancelPushScheduler`). A write: a failure
    /// that may have reached the service is not retried.
    pub fn cancel_schedulers(&self, request: &Zval) -> PhpResult<Zval> {
        self.call(Action::CancelPushScheduler, request)
    }

    /// Withdraws the messages of a task (`RevokePushTask`, last 7 days).
    pub fn revoke_task(&self, request: &Zval) -> PhpResult<Zval> {
        self.call(Action::RevokePushTask, request)
    }

    /// Withdraws one message (`RevokePushMessage`).
    pub fn revoke_message(&self, request: &Zval) -> PhpResult<Zval> {
        self.call(Action::RevokePushMessage, request)
    }

    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    pub fn task_detail(&self, query: &Zval) -> PhpResult<Zval> {
        self.call(Action::QueryPushAnalysisTaskDetail, query)
    }

    /// One page of task reports (`QueryPushAnalysisTaskList`).
    pub fn task_list(&self, query: &Zval) -> PhpResult<Zval> {
        self.call(Action::QueryPushAnalysisTaskList, query)
    }

    /// Every task report of `query`, all pages (see `scheduledTasks`).
    pub fn task_reports(&self, query: &Zval) -> PhpResult<PageIterator> {
        self.pages(Action::QueryPushAnalysisTaskList, query)
    }

    /// Sends a request of any action by its wire name
    /// (`'CancelPushScheduler'`; the snake_case form too).
    pub fn send(&self, action: &str, request: &Zval) -> PhpResult<Zval> {
        guard(|| {
            send(
                &self.core()?,
                &self::request(self::action(action)?, request)?,
            )
        })
    }

    /// Dry run of any action, like `prepareBroadcast`.
    pub fn prepare(
        &self,
        action: &str,
        request: &Zval,
        pins: Option<&Zval>,
    ) -> PhpResult<PreparedRequest> {
        let action = guard(|| self::action(action))?;
        self.dry_run(action, request, pins)
    }

    /// Releases the connection pool; later calls throw `ConfigException`.
    pub fn close(&self) {
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether `close()` was called.
    pub fn is_closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }

    /// The endpoint URL in use.
    pub fn get_endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// The user agent sent with every request.
    pub fn get_user_agent(&self) -> String {
        self.user_agent.clone()
    }

    /// `Client(endpoint=…, userAgent=…)`: never a secret.
    pub fn __to_string(&self) -> String {
        format!(
            "Client(endpoint={:?}, userAgent={:?})",
            self.endpoint, self.user_agent
        )
    }

    /// What `var_dump($client)` shows: never a secret.
    pub fn __debug_info(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let mut ht = ZendHashTable::new();
        ht.insert("endpoint", self.endpoint.as_str())?;
        ht.insert("userAgent", self.user_agent.as_str())?;
        ht.insert("closed", self.is_closed())?;
        Ok(ht)
    }
}

/// The items of a list action, page after page, as a PHP `Iterator`:
/// pages are fetched as the loop reaches them (the core decides which page
/// comes next); a failed page throws, and the next step asks for it again.
#[php_class]
#[php(name = "MpaasPush\\PageIterator")]
#[php(implements(ce = ce::iterator, stub = "\\Iterator"))]
#[derive(Debug)]
pub struct PageIterator {
    pager: Option<AnyPager>,
    current: Option<Zval>,
    key: i64,
    started: bool,
}

impl PageIterator {
    fn fetch(&mut self) -> PhpResult<()> {
        self.started = true;
        let pager = &mut self.pager;
        let item = guard(|| {
            let Some(pg) = pager.as_mut() else {
                return Ok(None);
            };
            let item = pg.next_blocking()?;
            if item.is_none() {
                *pager = None;
            }
            item.map(|i| match i {
                AnyItem::ScheduledTask(t) => serialize(&t),
                AnyItem::TaskReport(t) => serialize(&t),
                _ => Err(Error::internal("an item this extension does not know")),
            })
            .transpose()
        })?;
        self.current = item;
        Ok(())
    }
}

#[php_impl]
impl PageIterator {
    /// The item at the cursor (an array), `null` past the end.
    pub fn current(&mut self) -> PhpResult<Zval> {
        if !self.started {
            self.fetch()?;
        }
        Ok(self
            .current
            .as_ref()
            .map_or_else(Zval::null, Zval::shallow_clone))
    }

    /// The item's position (0, 1, …) across pages.
    pub fn key(&self) -> i64 {
        self.key
    }

    /// Moves to the next item (fetching the next page when needed).
    #[php(name = "next")]
    pub fn advance(&mut self) -> PhpResult<()> {
        self.key += 1;
        self.fetch()
    }

    /// Starts the iteration; an iterator walks its pages once (a second
    /// `foreach` continues where the first stopped).
    pub fn rewind(&mut self) -> PhpResult<()> {
        if self.started {
            return Ok(());
        }
        self.fetch()
    }

    /// Whether there is an item at the cursor.
    pub fn valid(&mut self) -> PhpResult<bool> {
        if !self.started {
            self.fetch()?;
        }
        Ok(self.current.is_some())
    }
}
