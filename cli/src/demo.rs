//! `mpaas-push demo`: an emulator in this process, one real broadcast to it
//! over HTTP, the result printed. Shows the whole path without an account.

use mpaas_push::{BroadcastRequest, BroadcastResult, Client, Credentials, DeliveryType, Period};
use mpaas_push_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};
use serde_json::json;

use crate::args::DemoArgs;
use crate::error::CliError;
use crate::output::{self, Mode};

/// Template the demo sends (one of the emulator's built-in templates).
const TEMPLATE: &str = "demo_tpl";

/// How the demo prints.
pub(crate) fn mode(a: &DemoArgs) -> Mode {
    Mode {
        json: a.json,
        from_flags: false,
    }
}

async fn send(endpoint: &str) -> Result<(BroadcastResult, String), CliError> {
    // The emulator's built-in demo key: a public, fake value, which is why it
    // may be given explicitly here (real credentials never are).
    let client = Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_ACCESS_KEY_SECRET,
        ))
        .language("cli")
        .build()?;
    let request = BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("default")
        .delivery_type(DeliveryType::Android)
        .generated_msgkey()
        .expired_seconds(300)
        .task_name("mpaas-push demo")
        .template_name(TEMPLATE)
        .template_value("content", "your first broadcast")
        .bind_period(Period::Days7)
        .build()?;
    let msgkey = request.msgkey.clone();
    let result = client
        .push_broadcast(&request)
        .await
        .map_err(|e| CliError::from(e).with_msgkey(&msgkey))?;
    Ok((result, msgkey))
}

/// Runs the demo.
pub(crate) async fn run(a: &DemoArgs) -> Result<(), CliError> {
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .map_err(|e| CliError::Emulator(format!("cannot start: {e}")))?;
    let endpoint = emulator.url();
    if !a.json {
        output::out(&format!("Started an MPS emulator at {endpoint}"));
    }
    let sent = send(&endpoint).await;
    emulator.shutdown().await;
    let (result, msgkey) = sent?;
    if a.json {
        let mut v = output::success_json(&result, &msgkey);
        v["endpoint"] = json!(endpoint);
        output::out(&v.to_string());
    } else {
        let task = result
            .task_id
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or("(none)");
        output::out(&format!(
            "Sent one broadcast (template {TEMPLATE}, bound devices of the last 7 days):\n  \
             endpoint:   {endpoint}\n  \
             request id: {}\n  \
             task id:    {task}\n  \
             msgkey:     {msgkey} (generated)\n\
             Emulator stopped.",
            result.request_id
        ));
    }
    Ok(())
}
