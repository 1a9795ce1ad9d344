//! The PushBroadcast request: typed fields (spec §2) and a builder for Rust
//! callers. The reader of the neutral camelCase JSON used by the CLI and the
//! bindings ([`BroadcastRequest::from_json`]) lives in `model::json`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::enums::{
    AndroidChannel, Classification, DeliveryType, NotifyType, PayloadVendor, Period, PushAction,
    PushStatus, Urgency,
};
use super::schedule::Schedule;
use crate::error::{Error, ValidationError};
use crate::rule::Rule;

/// Vendor → JSON object, as given for `TransparentMessagePayload`.
pub type Payload = BTreeMap<PayloadVendor, Map<String, Value>>;

/// One PushBroadcast request. Build it with [`BroadcastRequest::builder`] or
/// read it from neutral JSON with [`BroadcastRequest::from_json`]; every rule
/// is checked again (with the client's clock) before anything is signed.
///
/// Wire names are the PascalCase of the field names (`app_id` → `AppId`,
/// `msgkey` → `Msgkey`); absent optional fields are not sent.
///
/// ```
/// use mpaas_push::{BroadcastRequest, DeliveryType, Period};
/// let req = BroadcastRequest::builder()
///     .app_id("ONEX570DA89211721")
///     .workspace_id("default")
///     .delivery_type(DeliveryType::Android)
///     .msgkey("order-1234")
///     .expired_seconds(300)
///     .task_name("Daily news")
///     .template_name("news_tpl")
///     .template_value("content", "Hello")
///     .bind_period(Period::Days7)
///     .build()?;
/// assert_eq!(req.msgkey, "order-1234");
/// # Ok::<(), mpaas_push::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BroadcastRequest {
    /// mPaaS app id (`AppId`); required.
    pub app_id: String,
    /// mPaaS workspace id (`WorkspaceId`); required.
    pub workspace_id: String,
    /// mPaaS tenant id (`TenantId`); optional.
    pub tenant_id: Option<String>,
    /// Target platform (`DeliveryType`); required.
    pub delivery_type: DeliveryType,
    /// The caller's unique business message id (`Msgkey`); required, and kept
    /// identical across retries. [`generate_msgkey`](crate::clock::generate_msgkey)
    /// makes one when asked to.
    pub msgkey: String,
    /// Validity of the message in seconds (`ExpiredSeconds`); required, > 0.
    pub expired_seconds: i64,
    /// Push task name (`TaskName`); required by the service (3019).
    pub task_name: String,
    /// Console template name (`TemplateName`); required, no comma.
    pub template_name: String,
    /// Values for the template's `#placeholder#`s (`TemplateKeyValue`, sent as
    /// compact JSON with sorted keys).
    pub template_key_value: Option<BTreeMap<String, String>>,
    /// Audience by binding (`PushStatus`); the service default is bound.
    pub push_status: Option<PushStatus>,
    /// Bind period (`BindPeriod`); required when the audience is bound.
    pub bind_period: Option<Period>,
    /// Unbind period (`UnBindPeriod`); required when the audience is all or
    /// unbound.
    pub unbind_period: Option<Period>,
    /// Android channel (`AndroidChannel`).
    pub android_channel: Option<AndroidChannel>,
    /// vivo message class (`Classification`).
    pub classification: Option<Classification>,
    /// When to send (`StrategyType` + `StrategyContent`); `None` sends neither
    /// (the service sends immediately).
    pub schedule: Option<Schedule>,
    /// Vendor pass-through payloads (`TransparentMessagePayload`).
    pub transparent_message_payload: Option<Payload>,
    /// Urgency of the pass-through message (`TransparentMessageUrgency`);
    /// only with a payload.
    pub transparent_message_urgency: Option<Urgency>,
    /// Vendor message classes (`ThirdChannelCategory`), e.g. `{"hms":"9"}`.
    pub third_channel_category: Option<BTreeMap<String, String>>,
    /// Vendor reminder levels (`NotifyLevel`), e.g. `{"oppo":"2"}`.
    pub notify_level: Option<BTreeMap<String, String>>,
    /// Xiaomi channel id (`MiChannelId`).
    pub mi_channel_id: Option<String>,
    /// Android notification channel id (`ChannelId`).
    pub channel_id: Option<String>,
    /// Channel type (`NotifyType`).
    pub notify_type: Option<NotifyType>,
    /// Tap action (`PushAction`).
    pub push_action: Option<PushAction>,
    /// Silent push (`Silent`, sent as `1`/`0`).
    pub silent: Option<bool>,
    /// Extension parameters delivered to the app (`ExtendedParams`); at most
    /// 20 keys, no reserved key.
    pub extended_params: Option<BTreeMap<String, String>>,
}

impl BroadcastRequest {
    /// A builder; `build()` fails naming the first missing required field.
    pub fn builder() -> BroadcastRequestBuilder {
        BroadcastRequestBuilder::default()
    }

    /// The audience, with the service default applied.
    pub fn effective_push_status(&self) -> PushStatus {
        self.push_status.unwrap_or(PushStatus::Bound)
    }
}

/// Builder of [`BroadcastRequest`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct BroadcastRequestBuilder {
    app_id: Option<String>,
    workspace_id: Option<String>,
    delivery_type: Option<DeliveryType>,
    msgkey: Option<String>,
    expired_seconds: Option<i64>,
    task_name: Option<String>,
    template_name: Option<String>,
    rest: Optional,
}

/// The optional fields, shared by the builder and the JSON reader.
#[derive(Debug, Clone, Default)]
pub(super) struct Optional {
    pub(super) tenant_id: Option<String>,
    pub(super) template_key_value: Option<BTreeMap<String, String>>,
    pub(super) push_status: Option<PushStatus>,
    pub(super) bind_period: Option<Period>,
    pub(super) unbind_period: Option<Period>,
    pub(super) android_channel: Option<AndroidChannel>,
    pub(super) classification: Option<Classification>,
    pub(super) schedule: Option<Schedule>,
    pub(super) transparent_message_payload: Option<Payload>,
    pub(super) transparent_message_urgency: Option<Urgency>,
    pub(super) third_channel_category: Option<BTreeMap<String, String>>,
    pub(super) notify_level: Option<BTreeMap<String, String>>,
    pub(super) mi_channel_id: Option<String>,
    pub(super) channel_id: Option<String>,
    pub(super) notify_type: Option<NotifyType>,
    pub(super) push_action: Option<PushAction>,
    pub(super) silent: Option<bool>,
    pub(super) extended_params: Option<BTreeMap<String, String>>,
}

macro_rules! setters {
    ($( $(#[$m:meta])* $name:ident : $ty:ty => $($path:ident).+ ),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$($path).+ = Some(value.into());
                self
            }
        )*
    };
}

impl BroadcastRequestBuilder {
    setters! {
        /// `AppId` (required).
        app_id: String => app_id,
        /// `WorkspaceId` (required).
        workspace_id: String => workspace_id,
        /// `DeliveryType` (required).
        delivery_type: DeliveryType => delivery_type,
        /// `Msgkey` (required): the caller's unique business id.
        msgkey: String => msgkey,
        /// `ExpiredSeconds` (required, > 0).
        expired_seconds: i64 => expired_seconds,
        /// `TaskName` (required).
        task_name: String => task_name,
        /// `TemplateName` (required).
        template_name: String => template_name,
        /// `TenantId`.
        tenant_id: String => rest.tenant_id,
        /// `TemplateKeyValue` (replaces any values set before).
        template_key_value: BTreeMap<String, String> => rest.template_key_value,
        /// `PushStatus`.
        push_status: PushStatus => rest.push_status,
        /// `BindPeriod`.
        bind_period: Period => rest.bind_period,
        /// `UnBindPeriod`.
        unbind_period: Period => rest.unbind_period,
        /// `AndroidChannel`.
        android_channel: AndroidChannel => rest.android_channel,
        /// `Classification`.
        classification: Classification => rest.classification,
        /// `StrategyType` + `StrategyContent`.
        schedule: Schedule => rest.schedule,
        /// `TransparentMessagePayload`.
        transparent_message_payload: Payload => rest.transparent_message_payload,
        /// `TransparentMessageUrgency`.
        transparent_message_urgency: Urgency => rest.transparent_message_urgency,
        /// `ThirdChannelCategory`.
        third_channel_category: BTreeMap<String, String> => rest.third_channel_category,
        /// `NotifyLevel`.
        notify_level: BTreeMap<String, String> => rest.notify_level,
        /// `MiChannelId`.
        mi_channel_id: String => rest.mi_channel_id,
        /// `ChannelId`.
        channel_id: String => rest.channel_id,
        /// `NotifyType`.
        notify_type: NotifyType => rest.notify_type,
        /// `PushAction`.
        push_action: PushAction => rest.push_action,
        /// `Silent`.
        silent: bool => rest.silent,
        /// `ExtendedParams` (replaces any values set before).
        extended_params: BTreeMap<String, String> => rest.extended_params,
    }

    /// Adds one `#key#` value to `TemplateKeyValue`.
    pub fn template_value(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.rest
            .template_key_value
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds one entry to `ExtendedParams`.
    pub fn extended_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.rest
            .extended_params
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Sets `Msgkey` to a freshly generated unique id (an explicit choice; a
    /// msgkey is never generated silently).
    pub fn generated_msgkey(self) -> Self {
        self.msgkey(crate::clock::generate_msgkey())
    }

    /// The request; fails naming the first missing required field. The other
    /// rules are checked when the request is prepared, with the client's clock.
    pub fn build(self) -> Result<BroadcastRequest, Error> {
        fn req<T>(v: Option<T>, field: &str) -> Result<T, ValidationError> {
            v.ok_or_else(|| ValidationError::new(field, Rule::Required, "is required"))
        }
        Ok(assemble(
            Required {
                app_id: req(self.app_id, "appId")?,
                workspace_id: req(self.workspace_id, "workspaceId")?,
                delivery_type: req(self.delivery_type, "deliveryType")?,
                msgkey: req(self.msgkey, "msgkey")?,
                expired_seconds: req(self.expired_seconds, "expiredSeconds")?,
                task_name: req(self.task_name, "taskName")?,
                template_name: req(self.template_name, "templateName")?,
            },
            self.rest,
        ))
    }
}

/// The required fields, once present.
pub(super) struct Required {
    pub(super) app_id: String,
    pub(super) workspace_id: String,
    pub(super) delivery_type: DeliveryType,
    pub(super) msgkey: String,
    pub(super) expired_seconds: i64,
    pub(super) task_name: String,
    pub(super) template_name: String,
}

pub(super) fn assemble(r: Required, o: Optional) -> BroadcastRequest {
    BroadcastRequest {
        app_id: r.app_id,
        workspace_id: r.workspace_id,
        tenant_id: o.tenant_id,
        delivery_type: r.delivery_type,
        msgkey: r.msgkey,
        expired_seconds: r.expired_seconds,
        task_name: r.task_name,
        template_name: r.template_name,
        template_key_value: o.template_key_value,
        push_status: o.push_status,
        bind_period: o.bind_period,
        unbind_period: o.unbind_period,
        android_channel: o.android_channel,
        classification: o.classification,
        schedule: o.schedule,
        transparent_message_payload: o.transparent_message_payload,
        transparent_message_urgency: o.transparent_message_urgency,
        third_channel_category: o.third_channel_category,
        notify_level: o.notify_level,
        mi_channel_id: o.mi_channel_id,
        channel_id: o.channel_id,
        notify_type: o.notify_type,
        push_action: o.push_action,
        silent: o.silent,
        extended_params: o.extended_params,
    }
}
