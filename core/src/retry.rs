//! The retry decision, as a pure function: given the policy, the failure of
//! one attempt and what the call has done so far, how long to wait before the
//! next attempt, or `None` to stop (spec §5, protocol §6). The client's loop
//! (`client.rs`) only makes attempts and sleeps; every rule about *whether*
//! to try again lives here and is unit-tested without a network.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::config::RetryPolicy;
use crate::error::{Error, ErrorKind};

/// Tokens a client starts with (and at most holds).
pub(crate) const RETRY_BUDGET: u32 = 500;
/// Tokens a retry costs; a retry after a timeout costs twice as much.
const RETRY_COST: u32 = 5;
const RETRY_TIMEOUT_COST: u32 = 10;
/// Tokens a call that succeeds at its first attempt gives back.
const SUCCESS_REFILL: u32 = 1;
/// Connection failures in a row (any calls of the client, no answer from
/// the endpoint in between) after which the endpoint counts as down.
const DOWN_AFTER_CONNECT_FAILURES: u32 = 3;

/// The tokens a retry after `error` costs.
fn retry_cost(error: &Error) -> u32 {
    match error.kind() {
        ErrorKind::Timeout { .. } => RETRY_TIMEOUT_COST,
        _ => RETRY_COST,
    }
}

/// One client's retry budget, as the AWS SDKs' standard retry mode keeps
/// it: a token bucket that every retry draws from and successes refill.
/// While an endpoint answers, it stays full and a transient failure is
/// retried as the policy says; when the endpoint is down, the first ~100
/// retries drain it and every further call fails at its first attempt with
/// the real cause, instead of each doomed call waiting through its own
/// backoff (measured: 34 s for 10,000 calls after a service died at 64 in
/// flight, without a budget).
///
/// The token bucket alone still lets a client that sends one call at a time
/// (a PHP-FPM worker, a cron job) spend its first ~100 retries' backoff on a
/// dead endpoint: ~50 calls × ~300 ms, 18 s measured. So the budget also
/// remembers whether the endpoint can be reached at all, as a gRPC channel
/// in `TRANSIENT_FAILURE` fails calls at once: after
/// [`DOWN_AFTER_CONNECT_FAILURES`] connection failures in a row with no
/// answer in between, a connection failure is not retried until something
/// answers again. A single refused connection (one call's retry, a restart)
/// is still retried.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: AtomicU32,
    /// Connection failures since the endpoint last answered.
    connect_failures: AtomicU32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            tokens: AtomicU32::new(RETRY_BUDGET),
            connect_failures: AtomicU32::new(0),
        }
    }
}

impl RetryBudget {
    /// Records how an attempt ended: a connection failure counts towards
    /// "down", any answer of the endpoint (success or not) resets it.
    pub(crate) fn observe(&self, outcome: Result<(), &Error>) {
        match outcome {
            Err(e) if matches!(e.kind(), ErrorKind::Connect { .. }) => {
                self.connect_failures.fetch_add(1, Ordering::Relaxed);
            }
            // An answer (with a response, even an error one).
            Ok(()) => self.connect_failures.store(0, Ordering::Relaxed),
            Err(e) if e.service().is_some() => self.connect_failures.store(0, Ordering::Relaxed),
            // Timeouts, lost connections, TLS and proxy failures say nothing
            // about whether the endpoint listens.
            Err(_) => {}
        }
    }

    /// Takes the cost of retrying after `error`; `None` (and nothing
    /// taken) when the budget cannot pay for it, or when `error` is a
    /// connection failure and the endpoint is down: do not retry.
    pub(crate) fn withdraw(&self, error: &Error) -> Option<u32> {
        if matches!(error.kind(), ErrorKind::Connect { .. })
            && self.connect_failures.load(Ordering::Relaxed) >= DOWN_AFTER_CONNECT_FAILURES
        {
            return None;
        }
        let cost = retry_cost(error);
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .ok()
            .map(|_| cost)
    }

    /// A call succeeded: a retry it paid for is given back, a first-attempt
    /// success adds a token, up to [`RETRY_BUDGET`].
    pub(crate) fn deposit(&self, paid_for_last_retry: Option<u32>) {
        let back = paid_for_last_retry.unwrap_or(SUCCESS_REFILL);
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < RETRY_BUDGET).then(|| t.saturating_add(back).min(RETRY_BUDGET))
            });
    }

    #[cfg(test)]
    fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

/// What the retry decision knows about the call so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CallState {
    /// Attempts made so far, including the one that just failed (1-based).
    pub(crate) attempt: u32,
    /// The action is read-only, so replaying a maybe-sent attempt is safe.
    pub(crate) idempotent: bool,
    /// An earlier attempt of this call was already retried for clock skew.
    pub(crate) skew_retried: bool,
}

/// The delay before the next attempt after `error`, or `None` to stop.
///
/// * Retried: failures that cannot have reached the service
///   ([`Error::retryable`]: connect errors, throttling, not-sent timeouts,
///   503); maybe-sent transient failures (timeouts, lost connections,
///   HTTP 500/502/504) only when the policy opts in
///   ([`RetryPolicy::retry_maybe_sent`]) or the action is idempotent.
/// * Clock skew: retried once, at once, when the response measured an offset
///   (the caller re-signs with it); never twice.
/// * The wait is the gateway's `x-acs-retry-after` capped at
///   [`RetryPolicy::max_delay`], else the full-jitter backoff for `attempt`
///   with `unit` in `[0, 1)`.
/// * Stops after [`RetryPolicy::max_attempts`] attempts, and when the wait
///   would reach the total deadline (`remaining`, `None` = no deadline).
pub(crate) fn next_delay(
    policy: &RetryPolicy,
    error: &Error,
    call: CallState,
    remaining: Option<Duration>,
    unit: f64,
) -> Option<Duration> {
    let mut retry = error.retryable()
        || ((policy.retry_maybe_sent || call.idempotent) && transient_maybe_sent(error));
    let mut delay = None;
    if let ErrorKind::ClockSkew { offset, .. } = error.kind() {
        if offset.is_some() && !call.skew_retried {
            delay = Some(Duration::ZERO);
        } else {
            retry = false;
        }
    }
    if !retry || call.attempt >= policy.max_attempts {
        return None;
    }
    let delay = delay.unwrap_or_else(|| match error.service().and_then(|d| d.retry_after) {
        Some(after) => after.min(policy.max_delay),
        None => policy.backoff(call.attempt, unit),
    });
    match remaining {
        Some(left) if delay >= left => None,
        _ => Some(delay),
    }
}

/// Failures that may have reached the service but are worth retrying when
/// the caller opted in (or the action is read-only).
fn transient_maybe_sent(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Timeout { .. } | ErrorKind::ConnectionLost { .. } => true,
        ErrorKind::Service(d) => matches!(d.http_status, 500 | 502 | 504),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, TimeoutKind};

    const SECOND: Duration = Duration::from_secs(1);

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .with_max_attempts(3)
            .with_delays(Duration::from_millis(100), Duration::from_secs(2))
    }

    fn first() -> CallState {
        CallState {
            attempt: 1,
            idempotent: false,
            skew_retried: false,
        }
    }

    fn service(status: u16, code: &str, retry_after: Option<Duration>) -> Box<ServiceError> {
        Box::new(ServiceError {
            http_status: status,
            code: Some(code.to_owned()),
            retry_after,
            ..ServiceError::default()
        })
    }

    fn connect() -> Error {
        Error::from(ErrorKind::Connect {
            message: "refused".into(),
        })
    }

    fn read_timeout() -> Error {
        Error::from(ErrorKind::Timeout {
            kind: TimeoutKind::Read,
            maybe_sent: true,
            message: "read".into(),
        })
    }

    fn skew(offset: Option<i64>) -> Error {
        Error::from(ErrorKind::ClockSkew {
            details: service(400, "InvalidTimeStamp.Expired", None),
            offset,
        })
    }

    #[test]
    fn the_budget_drains_on_retries_and_refills_on_successes() {
        let b = RetryBudget::default();
        let mut retries = 0;
        while b.withdraw(&connect()).is_some() {
            retries += 1;
        }
        assert_eq!(retries, RETRY_BUDGET / RETRY_COST);
        assert_eq!(b.tokens(), 0);
        assert_eq!(
            b.withdraw(&read_timeout()),
            None,
            "nothing taken when unaffordable"
        );
        // Ten first-attempt successes pay for two connect retries.
        for _ in 0..10 {
            b.deposit(None);
        }
        assert_eq!(b.withdraw(&connect()), Some(RETRY_COST));
        assert_eq!(b.withdraw(&connect()), Some(RETRY_COST));
        assert_eq!(b.withdraw(&connect()), None);
        // A retry that succeeded is given back in full; never beyond the cap.
        b.deposit(Some(RETRY_TIMEOUT_COST));
        assert_eq!(b.tokens(), RETRY_TIMEOUT_COST);
        let full = RetryBudget::default();
        full.deposit(Some(RETRY_TIMEOUT_COST));
        assert_eq!(full.tokens(), RETRY_BUDGET);
        assert_eq!(full.withdraw(&read_timeout()), Some(RETRY_TIMEOUT_COST));
    }

    #[test]
    fn connection_failures_in_a_row_mark_the_endpoint_down_until_it_answers() {
        let b = RetryBudget::default();
        // One call's connection failures are retried, as the policy says.
        for _ in 0..DOWN_AFTER_CONNECT_FAILURES - 1 {
            b.observe(Err(&connect()));
            assert_eq!(b.withdraw(&connect()), Some(RETRY_COST));
        }
        b.observe(Err(&connect()));
        assert_eq!(b.withdraw(&connect()), None, "down: fail at once");
        // Down only for connection failures: other errors keep their budget.
        assert_eq!(b.withdraw(&read_timeout()), Some(RETRY_TIMEOUT_COST));
        // A timeout or a lost connection says nothing about listening.
        b.observe(Err(&read_timeout()));
        assert_eq!(b.withdraw(&connect()), None);
        // Any answer, even an error one, and connection failures are retried again.
        b.observe(Err(&Error::from(ErrorKind::Service(service(
            500, "x", None,
        )))));
        b.observe(Err(&connect()));
        assert_eq!(b.withdraw(&connect()), Some(RETRY_COST));
        for _ in 0..DOWN_AFTER_CONNECT_FAILURES {
            b.observe(Err(&connect()));
        }
        assert_eq!(b.withdraw(&connect()), None);
        b.observe(Ok(()));
        assert_eq!(b.withdraw(&connect()), Some(RETRY_COST));
    }

    #[test]
    fn connect_errors_are_retried_with_backoff() {
        let d = next_delay(&policy(), &connect(), first(), None, 0.5);
        assert_eq!(d, Some(Duration::from_millis(50)));
        let second = CallState {
            attempt: 2,
            ..first()
        };
        let d = next_delay(&policy(), &connect(), second, None, 0.5);
        assert_eq!(d, Some(Duration::from_millis(100)));
    }

    #[test]
    fn maybe_sent_only_with_opt_in_or_idempotent() {
        let lost = Error::from(ErrorKind::ConnectionLost {
            message: "reset".into(),
        });
        let bad_gateway = Error::from(ErrorKind::Service(service(502, "BadGateway", None)));
        for e in [read_timeout(), lost, bad_gateway] {
            assert_eq!(next_delay(&policy(), &e, first(), None, 0.0), None, "{e}");
            let opted = policy().with_retry_maybe_sent(true);
            assert!(next_delay(&opted, &e, first(), None, 0.0).is_some(), "{e}");
            let read_only = CallState {
                idempotent: true,
                ..first()
            };
            assert!(
                next_delay(&policy(), &e, read_only, None, 0.0).is_some(),
                "{e}"
            );
        }
        // A not-sent timeout is retried by default.
        let connect_timeout = Error::from(ErrorKind::Timeout {
            kind: TimeoutKind::Connect,
            maybe_sent: false,
            message: "connect".into(),
        });
        assert!(next_delay(&policy(), &connect_timeout, first(), None, 0.0).is_some());
    }

    #[test]
    fn throttling_waits_retry_after_capped_by_max_delay() {
        let e = |after| Error::from(ErrorKind::Throttled(service(429, "Throttling.User", after)));
        let d = next_delay(&policy(), &e(Some(SECOND)), first(), None, 0.9);
        assert_eq!(d, Some(SECOND));
        let d = next_delay(&policy(), &e(Some(60 * SECOND)), first(), None, 0.9);
        assert_eq!(d, Some(2 * SECOND));
        // Without the header: the jittered backoff.
        let d = next_delay(&policy(), &e(None), first(), None, 1.0);
        assert_eq!(d, Some(Duration::from_millis(100)));
    }

    #[test]
    fn stops_when_the_deadline_is_closer_than_the_delay() {
        let e = Error::from(ErrorKind::Throttled(service(
            429,
            "Throttling",
            Some(SECOND),
        )));
        assert_eq!(
            next_delay(&policy(), &e, first(), Some(2 * SECOND), 0.0),
            Some(SECOND)
        );
        assert_eq!(next_delay(&policy(), &e, first(), Some(SECOND), 0.0), None);
        assert_eq!(
            next_delay(&policy(), &e, first(), Some(Duration::ZERO), 0.0),
            None
        );
    }

    #[test]
    fn max_attempts_is_respected() {
        for attempt in 1..=5 {
            let call = CallState { attempt, ..first() };
            let d = next_delay(&policy(), &connect(), call, None, 0.0);
            assert_eq!(d.is_some(), attempt < 3, "attempt {attempt}");
        }
        assert_eq!(
            next_delay(&RetryPolicy::none(), &connect(), first(), None, 0.0),
            None
        );
    }

    #[test]
    fn clock_skew_is_retried_once_at_once() {
        assert_eq!(
            next_delay(&policy(), &skew(Some(900)), first(), None, 0.7),
            Some(Duration::ZERO)
        );
        let again = CallState {
            attempt: 2,
            skew_retried: true,
            ..first()
        };
        assert_eq!(
            next_delay(&policy(), &skew(Some(900)), again, None, 0.7),
            None
        );
        // No measured offset: re-signing would not help.
        assert_eq!(next_delay(&policy(), &skew(None), first(), None, 0.7), None);
    }

    #[test]
    fn final_failures_are_not_retried() {
        let auth = Error::from(ErrorKind::Auth(service(403, "Forbidden", None)));
        let mismatch = Error::from(ErrorKind::SignatureMismatch(service(
            400,
            "SignatureDoesNotMatch",
            None,
        )));
        for e in [auth, mismatch] {
            let opted = policy().with_retry_maybe_sent(true);
            assert_eq!(next_delay(&opted, &e, first(), None, 0.5), None, "{e}");
        }
    }
}
