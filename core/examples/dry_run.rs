//! Prepares (validates and signs) a scheduled broadcast without sending it
//! and prints the exact HTTP request as JSON — what `mpaas-push broadcast
//! --dry-run` shows. Run: `cargo run -p mpaas-push --example dry_run`.

use chrono::{Duration, NaiveTime, Utc};
use mpaas_push::schedule::china_day;
use mpaas_push::{BroadcastRequest, Client, Credentials, DeliveryType, Period, Schedule};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Example keys; a dry run never contacts the service.
    let client = Client::builder()
        .credentials(Credentials::new("LTAI-example-id", "example-secret"))
        .build()?;
    let tomorrow = china_day(Utc::now()) + Duration::days(1);
    let request = BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("default")
        .delivery_type(DeliveryType::Android)
        .generated_msgkey()
        .expired_seconds(300)
        .task_name("Weekly digest")
        .template_name("digest_tpl")
        .template_value("content", "Your weekly digest is ready")
        .bind_period(Period::Days7)
        .schedule(Schedule::weekly(
            [1, 3],
            tomorrow,
            tomorrow + Duration::days(28),
            NaiveTime::from_hms_opt(9, 30, 0).ok_or("bad time")?,
        ))
        .build()?;
    let prepared = client.prepare_broadcast(&request)?;
    println!("{}", serde_json::to_string_pretty(&prepared)?);

    // A broken rule is reported before anything is signed.
    let mut bad = request.clone();
    bad.template_name = "a,b".into();
    match client.prepare_broadcast(&bad) {
        Err(err) => eprintln!("rejected as expected: [{}] {err}", err.code()),
        Ok(_) => return Err("a template name with a comma must be rejected".into()),
    }
    Ok(())
}
