//! Typed schedules (`StrategyType` + `StrategyContent`): never hand-written
//! JSON. Calendar days are China days (UTC+8), as the service counts them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

use super::enums::{CircleType, StrategyType};

/// The service's calendar: China Standard Time, UTC+8.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The service's calendar: China Standard Time, UTC+8.
pub fn china_offset() -> FixedOffset {
    CHINA
}

/// The China (UTC+8) calendar day of an instant.
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// let t = Utc.with_ymd_and_hms(2026, 11, 28, 16, 0, 0).unwrap();
/// assert_eq!(mpaas_push::schedule::china_day(t), NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
/// ```
pub fn china_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&china_offset()).date_naive()
}

/// Epoch milliseconds of 00:00 (UTC+8) of `day`.
///
/// ```
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// assert_eq!(mpaas_push::schedule::china_midnight_ms(d), 1795881600000);
/// ```
pub fn china_midnight_ms(day: NaiveDate) -> i64 {
    let midnight = day.and_time(NaiveTime::MIN);
    china_offset()
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.timestamp_millis())
        .unwrap_or_else(|| midnight.and_utc().timestamp_millis() - 8 * 3_600_000)
}

/// The China day starting exactly at epoch milliseconds `ms`, if `ms` is a
/// China midnight.
pub fn day_from_china_midnight_ms(ms: i64) -> Option<NaiveDate> {
    let t = Utc.timestamp_millis_opt(ms).single()?;
    let day = china_day(t);
    (china_midnight_ms(day) == ms).then_some(day)
}

/// Which days a recurring broadcast fires.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Every {
    /// Every day (`circleType` 1, no `circleValue`).
    Daily,
    /// On these days of the week, 1 = Monday … 7 = Sunday (`circleType` 2).
    Weekly(Vec<u8>),
    /// On these days of the month, 1 … 31 (`circleType` 3).
    Monthly(Vec<u8>),
}

impl Every {
    /// The wire `circleType`.
    pub fn circle_type(&self) -> CircleType {
        match self {
            Every::Daily => CircleType::Daily,
            Every::Weekly(_) => CircleType::Weekly,
            Every::Monthly(_) => CircleType::Monthly,
        }
    }

    /// The `circleValue` days (empty for daily).
    pub fn days(&self) -> &[u8] {
        match self {
            Every::Daily => &[],
            Every::Weekly(d) | Every::Monthly(d) => d,
        }
    }
}

/// A recurring schedule: from 00:00 of `start` to 24:00 of `end` (China
/// days), at `time` (China time) on the days selected by `every`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recurrence {
    /// First day (`startTime`, sent as 00:00 UTC+8 in epoch ms).
    pub start: NaiveDate,
    /// Last day (`endTime`, sent as 00:00 UTC+8 in epoch ms); at most 180
    /// days after today.
    pub end: NaiveDate,
    /// Which days.
    pub every: Every,
    /// Time of day each occurrence fires (`time`, `HH:mm:ss`).
    pub time: NaiveTime,
}

/// When a broadcast goes out.
///
/// ```
/// use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
/// use mpaas_push::Schedule;
/// let at = Schedule::at(Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap());
/// assert_eq!(at.content_json().unwrap(), r#"{"fixedTime":1796086800000}"#);
/// let weekly = Schedule::weekly(
///     [1, 3],
///     NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
///     NaiveDate::from_ymd_opt(2026, 12, 13).unwrap(),
///     NaiveTime::from_hms_opt(9, 45, 11).unwrap(),
/// );
/// assert_eq!(
///     weekly.content_json().unwrap(),
///     r#"{"startTime":1795881600000,"endTime":1797091200000,"circleType":2,"circleValue":[1,3],"time":"09:45:11"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Schedule {
    /// Send now (`StrategyType` 0, no content).
    Immediate,
    /// Send once at this instant (`StrategyType` 1, `{"fixedTime":ms}`);
    /// whole seconds, in the future.
    At(DateTime<Utc>),
    /// Send repeatedly (`StrategyType` 2).
    Recurring(Recurrence),
}

impl Schedule {
    /// Once, at `instant`.
    pub fn at<Tz: TimeZone>(instant: DateTime<Tz>) -> Self {
        Schedule::At(instant.with_timezone(&Utc))
    }

    /// Every day from `start` to `end` at `time` (China time).
    pub fn daily(start: NaiveDate, end: NaiveDate, time: NaiveTime) -> Self {
        Self::recurring(Every::Daily, start, end, time)
    }

    /// On `days` of the week (1 = Monday … 7 = Sunday).
    pub fn weekly(
        days: impl IntoIterator<Item = u8>,
        start: NaiveDate,
        end: NaiveDate,
        time: NaiveTime,
    ) -> Self {
        Self::recurring(Every::Weekly(days.into_iter().collect()), start, end, time)
    }

    /// On `days` of the month (1 … 31).
    pub fn monthly(
        days: impl IntoIterator<Item = u8>,
        start: NaiveDate,
        end: NaiveDate,
        time: NaiveTime,
    ) -> Self {
        Self::recurring(Every::Monthly(days.into_iter().collect()), start, end, time)
    }

    /// A recurring schedule.
    pub fn recurring(every: Every, start: NaiveDate, end: NaiveDate, time: NaiveTime) -> Self {
        Schedule::Recurring(Recurrence {
            start,
            end,
            every,
            time,
        })
    }

    /// The wire `StrategyType`.
    pub fn strategy_type(&self) -> StrategyType {
        match self {
            Schedule::Immediate => StrategyType::Immediate,
            Schedule::At(_) => StrategyType::Fixed,
            Schedule::Recurring(_) => StrategyType::Recurring,
        }
    }

    /// The wire `StrategyContent` (compact JSON, fields in the documented
    /// order), or `None` for [`Schedule::Immediate`].
    pub fn content_json(&self) -> Option<String> {
        match self {
            Schedule::Immediate => None,
            Schedule::At(t) => Some(format!("{{\"fixedTime\":{}}}", t.timestamp_millis())),
            Schedule::Recurring(r) => {
                let mut s = format!(
                    "{{\"startTime\":{},\"endTime\":{},\"circleType\":{}",
                    china_midnight_ms(r.start),
                    china_midnight_ms(r.end),
                    r.every.circle_type().wire()
                );
                if !matches!(r.every, Every::Daily) {
                    let days: Vec<String> = r.every.days().iter().map(u8::to_string).collect();
                    s.push_str(&format!(",\"circleValue\":[{}]", days.join(",")));
                }
                s.push_str(&format!(",\"time\":\"{}\"}}", format_hms(r.time)));
                Some(s)
            }
        }
    }
}

/// `HH:mm:ss`.
pub(crate) fn format_hms(t: NaiveTime) -> String {
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

/// Parses a strict `HH:mm:ss` (two digits each).
pub(crate) fn parse_hms(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<u32> {
        let (h, l) = (b[i], b[i + 1]);
        (h.is_ascii_digit() && l.is_ascii_digit())
            .then(|| u32::from(h - b'0') * 10 + u32::from(l - b'0'))
    };
    NaiveTime::from_hms_opt(two(0)?, two(3)?, two(6)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hms_is_strict() {
        assert_eq!(parse_hms("09:45:11"), NaiveTime::from_hms_opt(9, 45, 11));
        for bad in [
            "9:45:11",
            "24:00:00",
            "09:60:00",
            "09:45",
            "09-45-11",
            "0a:45:11",
            "09:45:11 ",
        ] {
            assert_eq!(parse_hms(bad), None, "{bad}");
        }
    }

    #[test]
    fn midnight_round_trip() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(day_from_china_midnight_ms(china_midnight_ms(d)), Some(d));
        assert_eq!(
            day_from_china_midnight_ms(china_midnight_ms(d) + 1000),
            None
        );
    }

    #[test]
    fn daily_has_no_circle_value() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let s = Schedule::daily(d, d, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(
            s.content_json().unwrap(),
            r#"{"startTime":1795881600000,"endTime":1795881600000,"circleType":1,"time":"08:00:00"}"#
        );
        assert_eq!(Schedule::Immediate.content_json(), None);
    }
}
