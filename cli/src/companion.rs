//! `mpaas-push schedules list|cancel`, `revoke` and `report`: the companion
//! actions. Flags become the neutral request JSON read by the core (so every
//! rule and field path is the core's); results print as readable tables, or
//! as the core's JSON with `--json`.

use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use mpaas_push::schedule::china_offset;
use mpaas_push::{
    Action, AnyRequest, CancelResult, RevokeResult, ScheduledTask, SchedulerListQuery,
    SchedulerPage, TaskDetail, TaskListQuery, TaskReport,
};
use serde_json::{Map, Value, json};

use crate::args::{
    ClientArgs, OutputArgs, ReportArgs, RevokeArgs, ScheduleCancelArgs, ScheduleListArgs,
    SchedulesCommand, TargetArgs,
};
use crate::client;
use crate::error::CliError;
use crate::output::{self, Mode};

/// How a companion command prints.
pub(crate) fn mode(o: &OutputArgs) -> Mode {
    Mode {
        json: o.json,
        from_flags: true,
    }
}

/// A neutral request object under construction; absent values are skipped.
struct Fields(Map<String, Value>);

impl Fields {
    fn new(t: &TargetArgs) -> Self {
        let mut f = Self(Map::new());
        f.text("appId", t.app_id.as_deref());
        f.text("workspaceId", t.workspace_id.as_deref());
        f.text("tenantId", t.tenant_id.as_deref());
        f
    }

    fn text(&mut self, key: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.0.insert(key.to_owned(), Value::String(v.to_owned()));
        }
    }

    /// A flag that is an integer or a name: a JSON number when it parses as
    /// one (epoch milliseconds, an enum's documented value), else the text
    /// (RFC 3339, an enum's name) — the core reads either and reports the rest.
    fn int_or_text(&mut self, key: &str, v: Option<&str>) {
        if let Some(v) = v {
            let value = v
                .trim()
                .parse::<i64>()
                .map_or_else(|_| Value::String(v.to_owned()), Value::from);
            self.0.insert(key.to_owned(), value);
        }
    }

    fn number(&mut self, key: &str, v: Option<u32>) {
        if let Some(v) = v {
            self.0.insert(key.to_owned(), Value::from(v));
        }
    }

    fn value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Dry run or send of one request; returns the result JSON (`None` after a
/// dry run, which prints itself).
async fn send(
    action: Action,
    request: &Value,
    c: &ClientArgs,
    o: &OutputArgs,
) -> Result<Option<Value>, CliError> {
    let req = AnyRequest::from_json(action, request).map_err(mpaas_push::Error::from)?;
    // Input problems first, before credentials are looked for (the client
    // checks again with its own clock).
    req.validate(Utc::now()).map_err(mpaas_push::Error::from)?;
    let built = client::build(c, o.dry_run)?;
    if o.dry_run {
        let prepared = built.client.prepare_any(&req, None, None)?;
        output::prepared(&prepared, mode(o));
        return Ok(None);
    }
    Ok(Some(built.client.send_any(&req).await?))
}

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, CliError> {
    serde_json::from_value(v)
        .map_err(|e| mpaas_push::Error::internal(format!("cannot read the result: {e}")).into())
}

/// Runs `schedules list|cancel`.
pub(crate) async fn schedules(cmd: &SchedulesCommand) -> Result<(), CliError> {
    match cmd {
        SchedulesCommand::List(a) => list(a).await,
        SchedulesCommand::Cancel(a) => cancel(a).await,
    }
}

/// The `schedules` subcommand's output mode.
pub(crate) fn schedules_mode(cmd: &SchedulesCommand) -> Mode {
    match cmd {
        SchedulesCommand::List(a) => mode(&a.output),
        SchedulesCommand::Cancel(a) => mode(&a.output),
    }
}

async fn list(a: &ScheduleListArgs) -> Result<(), CliError> {
    let now = Utc::now();
    let mut f = Fields::new(&a.target);
    let from = a
        .from
        .clone()
        .unwrap_or_else(|| (now - Duration::days(7)).timestamp_millis().to_string());
    let to =
        a.to.clone()
            .unwrap_or_else(|| (now + Duration::days(181)).timestamp_millis().to_string());
    f.int_or_text("startTime", Some(&from));
    f.int_or_text("endTime", Some(&to));
    f.int_or_text("type", a.kind.as_deref());
    f.text("uniqueId", a.unique_id.as_deref());
    f.number("pageNumber", a.page);
    f.number("pageSize", a.page_size);
    let request = f.value();
    if a.page.is_some() || a.output.dry_run {
        // One page (or its dry run).
        let Some(v) = send(
            Action::QueryPushSchedulerList,
            &request,
            &a.client,
            &a.output,
        )
        .await?
        else {
            return Ok(());
        };
        if a.output.json {
            output::out(&v.to_string());
        } else {
            let page: SchedulerPage = decode(v)?;
            output::out(&schedule_table(&page.tasks));
            output::out(&format!(
                "page {} of {} task(s) in all{}",
                page.page_number,
                page.total_count,
                page.next_page
                    .map(|n| format!("; next: --page {n}"))
                    .unwrap_or_default()
            ));
        }
        return Ok(());
    }
    let query = SchedulerListQuery::from_json(&request).map_err(mpaas_push::Error::from)?;
    let built = client::build(&a.client, false)?;
    let tasks: Vec<ScheduledTask> = built.client.scheduled_tasks(query).try_collect().await?;
    if a.output.json {
        output::out(&json!({ "tasks": tasks }).to_string());
    } else {
        output::out(&schedule_table(&tasks));
        output::out(&format!("{} scheduled task(s)", tasks.len()));
    }
    Ok(())
}

async fn cancel(a: &ScheduleCancelArgs) -> Result<(), CliError> {
    let mut f = Fields::new(&a.target);
    f.0.insert("uniqueIds".into(), json!(a.ids));
    f.int_or_text("type", a.id_kind.as_deref());
    let Some(v) = send(
        Action::CancelPushScheduler,
        &f.value(),
        &a.client,
        &a.output,
    )
    .await?
    else {
        return Ok(());
    };
    if a.output.json {
        output::out(&v.to_string());
        return Ok(());
    }
    let r: CancelResult = decode(v)?;
    let mut s = format!(
        "Cancelled: {}\n  request id: {}",
        a.ids.join(", "),
        r.request_id
    );
    if let Some(c) = r.content.as_deref().filter(|c| !c.is_empty()) {
        s += &format!("\n  service:    {c}");
    }
    output::out(&s);
    Ok(())
}

/// Runs `revoke`.
pub(crate) async fn revoke(a: &RevokeArgs) -> Result<(), CliError> {
    let mut f = Fields::new(&a.target);
    let action = if a.task_id.is_some() {
        f.text("taskId", a.task_id.as_deref());
        f.int_or_text("sentAt", a.sent_at.as_deref());
        Action::RevokePushTask
    } else {
        f.text("messageId", a.message_id.as_deref());
        f.text("targetId", a.target_id.as_deref());
        Action::RevokePushMessage
    };
    let Some(v) = send(action, &f.value(), &a.client, &a.output).await? else {
        return Ok(());
    };
    if a.output.json {
        output::out(&v.to_string());
        return Ok(());
    }
    let r: RevokeResult = decode(v)?;
    let what = match (&a.task_id, &a.message_id, &a.target_id) {
        (Some(t), _, _) => format!("task {t}"),
        (None, Some(m), Some(t)) => format!("message {m} to {t}"),
        _ => String::new(),
    };
    let mut s = format!("Revoked {what}.\n  request id: {}", r.request_id);
    if let Some(m) = r.push_result_message.as_deref().filter(|m| !m.is_empty()) {
        s += &format!("\n  service:    {m}");
    }
    output::out(&s);
    Ok(())
}

/// Runs `report`.
pub(crate) async fn report(a: &ReportArgs) -> Result<(), CliError> {
    let mut f = Fields::new(&a.target);
    if let Some(task) = &a.task_id {
        f.text("taskId", Some(task));
        let Some(v) = send(
            Action::QueryPushAnalysisTaskDetail,
            &f.value(),
            &a.client,
            &a.output,
        )
        .await?
        else {
            return Ok(());
        };
        if a.output.json {
            output::out(&v.to_string());
        } else {
            output::out(&detail_text(&decode(v)?));
        }
        return Ok(());
    }
    f.int_or_text("startTime", a.since.as_deref());
    f.text("taskName", a.task_name.as_deref());
    let request = f.value();
    if a.output.dry_run {
        send(
            Action::QueryPushAnalysisTaskList,
            &request,
            &a.client,
            &a.output,
        )
        .await?;
        return Ok(());
    }
    let query = TaskListQuery::from_json(&request).map_err(mpaas_push::Error::from)?;
    let built = client::build(&a.client, false)?;
    let tasks: Vec<TaskReport> = built.client.task_reports(query).try_collect().await?;
    if a.output.json {
        output::out(&json!({ "tasks": tasks }).to_string());
    } else {
        output::out(&report_table(&tasks));
        output::out(&format!("{} task(s)", tasks.len()));
    }
    Ok(())
}

/// A time as China time (the service's calendar), minute precision.
fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "-".to_owned(),
        |t| {
            t.with_timezone(&china_offset())
                .format("%Y-%m-%d %H:%M %:z")
                .to_string()
        },
    )
}

/// Left-aligned columns separated by two spaces.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s += c;
            } else {
                s += &format!("{c}{}  ", " ".repeat(w - c.chars().count()));
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = vec![line(header.iter().map(|h| (*h).to_owned()).collect())];
    out.extend(rows.iter().map(|r| line(r.clone())));
    out.join("\n")
}

fn schedule_table(tasks: &[ScheduledTask]) -> String {
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            vec![
                t.unique_id.clone(),
                t.parent_id.clone().unwrap_or_else(|| "-".into()),
                when(t.push_time),
                t.strategy()
                    .map_or_else(|| "-".into(), |s| s.name().to_owned()),
                if t.executed { "executed" } else { "pending" }.to_owned(),
                t.push_title.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &[
            "ID",
            "TASK",
            "DUE (China time)",
            "STRATEGY",
            "STATUS",
            "TITLE",
        ],
        &rows,
    )
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        String::new()
    } else {
        format!(" ({:.1}%)", part as f64 * 100.0 / whole as f64)
    }
}

fn detail_text(d: &TaskDetail) -> String {
    let arrived = d.push_arrival_num;
    let arrived_pct = if d.push_num == 0 {
        String::new()
    } else {
        format!(" ({:.1}%)", arrived * 100.0 / d.push_num as f64)
    };
    [
        format!("Task {}", d.task_id),
        format!("  started:    {}", when(d.start_time)),
        format!("  ended:      {}", when(d.end_time)),
        format!("  duration:   {}", d.duration.as_deref().unwrap_or("-")),
        format!("  pushed:     {}", d.push_num),
        format!(
            "  succeeded:  {}{}",
            d.push_success_num,
            percent(d.push_success_num, d.push_num)
        ),
        format!("  arrived:    {arrived}{arrived_pct}"),
        format!("  request id: {}", d.request_id),
    ]
    .join("\n")
}

fn report_table(tasks: &[TaskReport]) -> String {
    let mut rows = Vec::new();
    for t in tasks {
        let kind = t
            .push_kind()
            .map_or_else(|| "-".into(), |k| k.name().to_owned());
        rows.push(vec![
            t.task_id.clone(),
            t.task_name.clone().unwrap_or_default(),
            kind,
            when(t.created_at),
            t.sub_tasks.len().to_string(),
        ]);
        for s in &t.sub_tasks {
            rows.push(vec![
                format!("  {}", s.task_id),
                s.task_name.clone().unwrap_or_default(),
                String::new(),
                when(s.created_at),
                String::new(),
            ]);
        }
    }
    table(
        &["TASK", "NAME", "TYPE", "CREATED (China time)", "RUNS"],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns() {
        let t = table(
            &["A", "BB"],
            &[vec!["xxx".into(), "y".into()], vec!["z".into(), "".into()]],
        );
        assert_eq!(t, "A    BB\nxxx  y\nz");
    }

    #[test]
    fn times_show_china_time() {
        let t: DateTime<Utc> = "2026-12-01T01:00:00Z".parse().unwrap_or_default();
        assert_eq!(when(Some(t)), "2026-12-01 09:00 +08:00");
        assert_eq!(when(None), "-");
    }

    #[test]
    fn flags_become_neutral_json() {
        let t = TargetArgs {
            app_id: Some("A".into()),
            workspace_id: None,
            tenant_id: None,
        };
        let mut f = Fields::new(&t);
        f.int_or_text("startTime", Some("1795800000000"));
        f.int_or_text("endTime", Some("2026-12-01T00:00:00Z"));
        f.int_or_text("type", Some("3"));
        assert_eq!(
            f.value(),
            json!({"appId": "A", "startTime": 1_795_800_000_000_i64,
                   "endTime": "2026-12-01T00:00:00Z", "type": 3})
        );
    }
}
