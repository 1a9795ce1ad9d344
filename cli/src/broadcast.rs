//! `mpaas-push broadcast`: read the request, build the client, then either
//! print the signed request (`--dry-run`) or send it.

use crate::args::BroadcastArgs;
use crate::client;
use crate::error::CliError;
use crate::output::{self, Mode};
use crate::request::{self, Input};

/// How this invocation prints.
pub(crate) fn mode(a: &BroadcastArgs) -> Mode {
    Mode {
        json: a.json,
        from_flags: a.request.is_none(),
    }
}

/// Runs the command; output of a success is printed here, errors by the caller.
pub(crate) async fn run(a: &BroadcastArgs) -> Result<(), CliError> {
    let mode = mode(a);
    let Input {
        request,
        generated_msgkey,
    } = request::read(a.request.as_deref(), &a.fields)?;
    let msgkey = request.msgkey.clone();
    if generated_msgkey && a.dry_run {
        // Results and errors show the msgkey; a dry run shows it only inside
        // the signed parameters, so point it out.
        output::note(&format!("note: generated msgkey {msgkey}"));
    }
    let built = client::build(&a.client, a.dry_run).map_err(|e| e.with_msgkey(&msgkey))?;

    if a.dry_run {
        let prepared = built
            .client
            .prepare_pinned(&request, a.timestamp.as_deref(), a.nonce.as_deref())
            .map_err(|e| CliError::from(e).with_msgkey(&msgkey))?;
        if built.placeholder_credentials {
            output::note(&format!(
                "note: no credentials found; signing with placeholder keys \
                 ({} / {}). Set ALIBABA_CLOUD_ACCESS_KEY_ID and \
                 ALIBABA_CLOUD_ACCESS_KEY_SECRET to sign with yours.",
                client::PLACEHOLDER_ACCESS_KEY_ID,
                client::PLACEHOLDER_ACCESS_KEY_SECRET
            ));
        }
        output::prepared(&prepared, mode);
        return Ok(());
    }

    let result = built
        .client
        .push_broadcast(&request)
        .await
        .map_err(|e| CliError::from(e).with_msgkey(&msgkey))?;
    output::success(&result, &msgkey, generated_msgkey, mode);
    Ok(())
}
