//! `MpaasPush\BroadcastRequest`: a broadcast's fields by name.
// PHP's named arguments are the parameters' names: the spec's camelCase
// (`new BroadcastRequest(appId: …)`), in this module only.
#![allow(non_snake_case)]

use ext_php_rs::prelude::*;
use ext_php_rs::types::Zval;
use serde_json::Value;

use crate::convert::{to_json, to_php};
use crate::errors::guard;

/// A broadcast request with named fields (`new BroadcastRequest(appId:
/// 'ONEX…', …)`); every method that takes one also takes the neutral
/// camelCase `array`. Holds the fields as given: the core reads and checks
/// them when the request is sent or prepared.
#[php_class]
#[php(name = "MpaasPush\\BroadcastRequest")]
#[derive(Debug)]
pub struct BroadcastRequest {
    pub(crate) fields: Value,
}

#[php_impl]
impl BroadcastRequest {
    /// Every field of the spec by its camelCase name (PHP named
    /// arguments); `null` is "not given". Schedules are the typed
    /// `schedule` (the raw strategy pair is read from arrays only).
    #[allow(clippy::too_many_arguments)]
    pub fn __construct(
        appId: Option<&Zval>,
        workspaceId: Option<&Zval>,
        deliveryType: Option<&Zval>,
        msgkey: Option<&Zval>,
        expiredSeconds: Option<&Zval>,
        taskName: Option<&Zval>,
        templateName: Option<&Zval>,
        templateKeyValue: Option<&Zval>,
        bindPeriod: Option<&Zval>,
        unBindPeriod: Option<&Zval>,
        pushStatus: Option<&Zval>,
        tenantId: Option<&Zval>,
        androidChannel: Option<&Zval>,
        classification: Option<&Zval>,
        schedule: Option<&Zval>,
        transparentMessagePayload: Option<&Zval>,
        transparentMessageUrgency: Option<&Zval>,
        thirdChannelCategory: Option<&Zval>,
        notifyLevel: Option<&Zval>,
        miChannelId: Option<&Zval>,
        channelId: Option<&Zval>,
        notifyType: Option<&Zval>,
        pushAction: Option<&Zval>,
        silent: Option<&Zval>,
        extendedParams: Option<&Zval>,
    ) -> PhpResult<Self> {
        let named = [
            ("appId", appId),
            ("workspaceId", workspaceId),
            ("deliveryType", deliveryType),
            ("msgkey", msgkey),
            ("expiredSeconds", expiredSeconds),
            ("taskName", taskName),
            ("templateName", templateName),
            ("templateKeyValue", templateKeyValue),
            ("bindPeriod", bindPeriod),
            ("unBindPeriod", unBindPeriod),
            ("pushStatus", pushStatus),
            ("tenantId", tenantId),
            ("androidChannel", androidChannel),
            ("classification", classification),
            ("schedule", schedule),
            ("transparentMessagePayload", transparentMessagePayload),
            ("transparentMessageUrgency", transparentMessageUrgency),
            ("thirdChannelCategory", thirdChannelCategory),
            ("notifyLevel", notifyLevel),
            ("miChannelId", miChannelId),
            ("channelId", channelId),
            ("notifyType", notifyType),
            ("pushAction", pushAction),
            ("silent", silent),
            ("extendedParams", extendedParams),
        ];
        guard(|| {
            let mut fields = serde_json::Map::new();
            for (name, v) in named {
                if let Some(v) = v.filter(|v| !v.is_null()) {
                    fields.insert(name.to_owned(), to_json(v, name)?);
                }
            }
            Ok(Self {
                fields: Value::Object(fields),
            })
        })
    }

    /// The neutral camelCase array of the fields given.
    pub fn to_array(&self) -> PhpResult<Zval> {
        guard(|| to_php(&self.fields))
    }
}
