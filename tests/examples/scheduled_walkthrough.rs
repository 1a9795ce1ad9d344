//! Scheduled broadcasts, end to end in Rust: schedule a fixed-time and a
//! recurring broadcast, list every scheduled task (all pages), cancel one,
//! list again. Runs against an in-process emulator, so it needs no account:
//!
//! ```text
//! cargo run -p mpaas-push-conformance --example scheduled_walkthrough
//! ```

use chrono::{Duration, NaiveTime, Timelike, Utc};
use futures_util::TryStreamExt;
use mpaas_push::schedule::china_day;
use mpaas_push::{
    BroadcastRequest, CancelSchedulerRequest, Client, Credentials, DeliveryType, Period, Schedule,
    SchedulerListQuery, Target,
};
use mpaas_push_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator};

const APP: &str = "ONEX570DA89211721";
const WORKSPACE: &str = "default";

fn broadcast(msgkey: &str, schedule: Schedule) -> Result<BroadcastRequest, mpaas_push::Error> {
    BroadcastRequest::builder()
        .app_id(APP)
        .workspace_id(WORKSPACE)
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(3600)
        .task_name("Morning news")
        .template_name("broadcast_tpl")
        .template_value("content", "Good morning")
        .bind_period(Period::Days7)
        .schedule(schedule)
        .build()
}

async fn list(client: &Client) -> Result<Vec<String>, mpaas_push::Error> {
    let now = Utc::now();
    let mut query =
        SchedulerListQuery::new(Target::new(APP, WORKSPACE), now, now + Duration::days(30));
    query.paging.page_size = Some(2); // small pages, to show the stream walking them
    let tasks: Vec<_> = client.scheduled_tasks(query).try_collect().await?;
    for t in &tasks {
        println!(
            "  {:<24} task {:<10} due {}",
            t.unique_id,
            t.parent_id.as_deref().unwrap_or("-"),
            t.push_time.map(|p| p.to_rfc3339()).unwrap_or_default()
        );
    }
    Ok(tasks.into_iter().map(|t| t.unique_id).collect())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(Default::default()).await?;
    let client = Client::builder()
        .endpoint(emulator.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        ))
        .build()?;

    // 1. Schedule: once tomorrow, and daily at 09:00 (China time) for 3 days.
    // (Fixed times are whole seconds.)
    let tomorrow = (Utc::now() + Duration::days(1))
        .with_nanosecond(0)
        .ok_or("time")?;
    let once = client
        .push_broadcast(&broadcast("walkthrough-once", Schedule::at(tomorrow))?)
        .await?;
    let today = china_day(Utc::now());
    let nine = NaiveTime::from_hms_opt(9, 0, 0).ok_or("time")?;
    let daily = client
        .push_broadcast(&broadcast(
            "walkthrough-daily",
            Schedule::daily(today + Duration::days(1), today + Duration::days(3), nine),
        )?)
        .await?;
    let once_id = once
        .task_id
        .ok_or("a scheduled broadcast returns a task id")?;
    println!(
        "scheduled task {once_id} (once) and {:?} (daily)",
        daily.task_id
    );

    // 2. List every scheduled task in the next 30 days.
    println!("scheduled:");
    let before = list(&client).await?;

    // 3. Cancel the one-off broadcast.
    let cancel = CancelSchedulerRequest::new(Target::new(APP, WORKSPACE), [once_id.as_str()]);
    client.cancel_schedulers(&cancel).await?;
    println!("cancelled {once_id}");

    // 4. List again: it is gone.
    println!("scheduled:");
    let after = list(&client).await?;
    assert!(before.contains(&once_id) && !after.contains(&once_id));
    emulator.shutdown().await;
    Ok(())
}
