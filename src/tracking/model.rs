//! PostNord Track & Trace responses (v5 and v7 share the shape) and how to read them.
//!
//! The widget gets PostNord's JSON unchanged through a merchant's proxy, so these types follow
//! PostNord's field names. Only `shipmentId` is guaranteed; everything else may be missing, null,
//! or of another JSON type than the schema says (PostNord's OpenAPI declares coordinates as
//! strings; other sources show numbers). One odd field must not turn a parcel into "malformed",
//! so every field is optional and scalars are read leniently (see `lenient`). Statuses PostNord
//! adds later read as [`ShipmentStatus::Other`]; unknown fields are ignored.
//!
//! Times stay strings: PostNord sends local times, often without an offset, and only the view
//! knows how to present them.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// Largest body we parse. A real response with many events is a few tens of kilobytes; anything
/// near this size is a proxy error page or an attack, and parsing it would stall the page.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Why a tracking response cannot be shown as shipments. Each variant reads differently to the
/// buyer: "not found" asks them to check the number, the others say it is our problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackingError {
    /// Not JSON, or JSON of another shape (for example a proxy's error page).
    Malformed,
    /// The body is over `MAX_BODY_BYTES`; it was not parsed.
    TooLarge,
    /// PostNord answered but knows no shipment by this id (empty `shipments`, or a fault such as
    /// `invalidIdentifier`).
    NotFound,
    /// A fault caused by the request rather than the id, e.g. `invalidLocale`: a widget or proxy
    /// bug the buyer cannot fix.
    Fault { code: String, text: String },
}

impl fmt::Display for TrackingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrackingError::Malformed => f.write_str("the tracking response could not be read"),
            TrackingError::TooLarge => f.write_str("the tracking response is too large"),
            TrackingError::NotFound => {
                f.write_str("no shipment was found for this tracking number")
            }
            TrackingError::Fault { code, text } => write!(f, "tracking fault {code}: {text}"),
        }
    }
}

impl std::error::Error for TrackingError {}

/// Reads a Track & Trace body into its shipments.
///
/// Shipments win over faults: if PostNord returns both, the buyer sees the parcel.
pub fn parse_response(body: &str) -> Result<Vec<Shipment>, TrackingError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(TrackingError::TooLarge);
    }
    // Some proxies prepend a byte-order mark, which JSON parsers reject.
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let envelope: Envelope = serde_json::from_str(body).map_err(|_| TrackingError::Malformed)?;
    let (shipments, fault) = match envelope.response {
        Some(response) => (
            response.shipments,
            response.composite_fault.or(envelope.composite_fault),
        ),
        // v7 error bodies carry `compositeFault` at the top level, without the wrapper.
        None => match envelope.composite_fault {
            Some(fault) => (Vec::new(), Some(fault)),
            None => return Err(TrackingError::Malformed),
        },
    };
    if !shipments.is_empty() {
        return Ok(shipments);
    }
    let faults = fault.map(|f| f.faults).unwrap_or_default();
    match faults.into_iter().find(Fault::is_request_problem) {
        Some(fault) => Err(TrackingError::Fault {
            code: fault.fault_code.unwrap_or_default(),
            text: fault.explanation_text.unwrap_or_default(),
        }),
        None => Err(TrackingError::NotFound),
    }
}

/// The outer wrapper. Private: callers only see shipments or a [`TrackingError`].
#[derive(Debug, Default, Deserialize)]
struct Envelope {
    #[serde(rename = "TrackingInformationResponse")]
    response: Option<TrackingInformationResponse>,
    #[serde(rename = "compositeFault")]
    composite_fault: Option<CompositeFault>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrackingInformationResponse {
    composite_fault: Option<CompositeFault>,
    // Strict on purpose: a shipment without `shipmentId` is not a parcel we can show, and
    // dropping it silently would tell the buyer "not found" for what is really a broken answer.
    #[serde(default)]
    shipments: Vec<Shipment>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeFault {
    #[serde(default, deserialize_with = "lenient::list")]
    pub faults: Vec<Fault>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    #[serde(default, deserialize_with = "lenient::text")]
    pub fault_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub explanation_text: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub param_values: Vec<ParamValue>,
}

impl Fault {
    /// Faults about how we asked (today only the locale) rather than about the id. Every other
    /// fault, `invalidIdentifier` included, means PostNord has nothing to show for this id.
    fn is_request_problem(&self) -> bool {
        self.fault_code
            .as_deref()
            .is_some_and(|code| code.to_ascii_lowercase().contains("locale"))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParamValue {
    #[serde(default, deserialize_with = "lenient::text")]
    pub param: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub value: Option<String>,
}

/// Shipment and item status. Items use the same values without `SPLIT`, plus
/// `AVAILABLE_FOR_DELIVERY_PAR_LOC`; one enum serves both so views match on one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShipmentStatus {
    Created,
    Informed,
    EnRoute,
    AvailableForDelivery,
    /// In a parcel locker (item status only).
    AvailableForDeliveryParLoc,
    Delayed,
    ExpectedDelay,
    Delivered,
    DeliveryImpossible,
    DeliveryRefused,
    Returned,
    Stopped,
    /// Items of one shipment have different statuses (shipment status only).
    Split,
    /// `OTHER`, and any value PostNord adds after this was written.
    Other,
}

impl ShipmentStatus {
    /// Never fails: an unknown or empty code is [`ShipmentStatus::Other`].
    pub fn from_code(code: &str) -> ShipmentStatus {
        match code.trim().to_ascii_uppercase().as_str() {
            "CREATED" => ShipmentStatus::Created,
            "INFORMED" => ShipmentStatus::Informed,
            "EN_ROUTE" => ShipmentStatus::EnRoute,
            "AVAILABLE_FOR_DELIVERY" => ShipmentStatus::AvailableForDelivery,
            "AVAILABLE_FOR_DELIVERY_PAR_LOC" => ShipmentStatus::AvailableForDeliveryParLoc,
            "DELAYED" => ShipmentStatus::Delayed,
            "EXPECTED_DELAY" => ShipmentStatus::ExpectedDelay,
            "DELIVERED" => ShipmentStatus::Delivered,
            "DELIVERY_IMPOSSIBLE" => ShipmentStatus::DeliveryImpossible,
            "DELIVERY_REFUSED" => ShipmentStatus::DeliveryRefused,
            "RETURNED" => ShipmentStatus::Returned,
            "STOPPED" => ShipmentStatus::Stopped,
            "SPLIT" => ShipmentStatus::Split,
            _ => ShipmentStatus::Other,
        }
    }

    /// PostNord's code, for analytics and CSS modifiers.
    pub fn code(self) -> &'static str {
        match self {
            ShipmentStatus::Created => "CREATED",
            ShipmentStatus::Informed => "INFORMED",
            ShipmentStatus::EnRoute => "EN_ROUTE",
            ShipmentStatus::AvailableForDelivery => "AVAILABLE_FOR_DELIVERY",
            ShipmentStatus::AvailableForDeliveryParLoc => "AVAILABLE_FOR_DELIVERY_PAR_LOC",
            ShipmentStatus::Delayed => "DELAYED",
            ShipmentStatus::ExpectedDelay => "EXPECTED_DELAY",
            ShipmentStatus::Delivered => "DELIVERED",
            ShipmentStatus::DeliveryImpossible => "DELIVERY_IMPOSSIBLE",
            ShipmentStatus::DeliveryRefused => "DELIVERY_REFUSED",
            ShipmentStatus::Returned => "RETURNED",
            ShipmentStatus::Stopped => "STOPPED",
            ShipmentStatus::Split => "SPLIT",
            ShipmentStatus::Other => "OTHER",
        }
    }
}

// By hand rather than `#[serde(other)]`, which only catches unknown *strings*: a number or an
// object in the status field would still fail the whole response.
impl<'de> Deserialize<'de> for ShipmentStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = lenient::text(deserializer)?;
        Ok(code.map_or(ShipmentStatus::Other, |c| ShipmentStatus::from_code(&c)))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipment {
    #[serde(deserialize_with = "lenient::required_text")]
    pub shipment_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub uri: Option<String>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub assessed_number_of_items: Option<u32>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub customer_number: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub risk_for_delay: Option<bool>,

    #[serde(default, deserialize_with = "lenient::text")]
    pub delivery_date: Option<String>,
    /// When the parcel goes back to the sender if not collected: the last pickup day is before it.
    #[serde(default, deserialize_with = "lenient::text")]
    pub return_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub estimated_time_of_arrival: Option<String>,
    /// The first estimate; differs from `estimated_time_of_arrival` after a delay.
    #[serde(default, deserialize_with = "lenient::text")]
    pub origin_estimated_time_of_arrival: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub public_time_of_arrival: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub real_time_of_arrival: Option<String>,

    pub service: Option<Service>,
    pub consignor: Option<Party>,
    pub consignee: Option<Party>,
    pub status: Option<ShipmentStatus>,
    /// Already localised by PostNord for the requested locale.
    pub status_text: Option<StatusText>,
    /// Where the parcel is (or was) handed out.
    pub delivery_point: Option<DeliveryPoint>,
    /// The point the buyer chose at checkout.
    pub requested_delivery_point: Option<DeliveryPoint>,
    /// The point PostNord is routing the parcel to.
    pub destination_delivery_point: Option<DeliveryPoint>,

    pub total_weight: Option<Quantity>,
    pub total_volume: Option<Quantity>,
    pub assessed_weight: Option<Quantity>,
    pub assessed_volume: Option<Quantity>,

    #[serde(default, deserialize_with = "lenient::list")]
    pub split_statuses: Vec<SplitStatus>,
    #[serde(
        default,
        alias = "shipmentReference",
        deserialize_with = "lenient::list"
    )]
    pub shipment_references: Vec<Reference>,
    #[serde(
        default,
        alias = "additionalService",
        deserialize_with = "lenient::list"
    )]
    pub additional_services: Vec<AdditionalService>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    #[serde(default, deserialize_with = "lenient::text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub source_system: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub article_number: Option<String>,
}

/// Consignor (sender) or consignee (receiver).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
    pub address: Option<Address>,
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(default, deserialize_with = "lenient::text")]
    pub street1: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub street2: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub post_code: Option<String>,
    /// Two letters (`SE`) or three (`SWE`), depending on the source system.
    #[serde(default, deserialize_with = "lenient::text")]
    pub country_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(default, deserialize_with = "lenient::text")]
    pub contact_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub mobile_phone: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusText {
    #[serde(default, deserialize_with = "lenient::text")]
    pub header: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub body: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub estimated_time_of_arrival: Option<String>,
}

/// A service point, parcel locker or other place a parcel is handed out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPoint {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub location_id: Option<String>,
    /// One of PostNord's location types (`SERVICE_POINT`, `DEPOT`, …); kept as text because the
    /// view only shows it.
    #[serde(default, deserialize_with = "lenient::text")]
    pub location_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub service_point_type: Option<String>,
    /// Where inside or around the place to go, e.g. "at the customer service desk".
    #[serde(default, deserialize_with = "lenient::text")]
    pub location_detail: Option<String>,
    pub address: Option<Address>,
    // v7 may also put these beside `address`.
    #[serde(default, deserialize_with = "lenient::text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub postcode: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub country_code: Option<String>,
    pub contact: Option<Contact>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub coordinate: Vec<Coordinate>,
    #[serde(default, alias = "openingHour", deserialize_with = "lenient::list")]
    pub opening_hours: Vec<OpeningHours>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coordinate {
    /// Latitude for `EPSG:4326`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub northing: Option<f64>,
    /// Longitude for `EPSG:4326`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub easting: Option<f64>,
    /// Spatial reference, e.g. `EPSG:4326`.
    #[serde(default, deserialize_with = "lenient::text")]
    pub sr_id: Option<String>,
}

/// One opening-hours rule: the times apply to every weekday whose flag is set. A second range
/// (`open_from2`/`open_to2`) means a break in the day.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHours {
    /// Seen as `07:00` and as `0700`; the view normalises.
    #[serde(default, deserialize_with = "lenient::text")]
    pub open_from: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub open_to: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub open_from2: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub open_to2: Option<String>,
    #[serde(default, deserialize_with = "lenient::day")]
    pub monday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub tuesday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub wednesday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub thursday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub friday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub saturday: bool,
    #[serde(default, deserialize_with = "lenient::day")]
    pub sunday: bool,
}

/// A weight, length or volume. PostNord sends the value as a decimal string.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    #[serde(default, deserialize_with = "lenient::text")]
    pub value: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    pub weight: Option<Quantity>,
    pub length: Option<Quantity>,
    pub height: Option<Quantity>,
    pub width: Option<Quantity>,
    pub volume: Option<Quantity>,
}

/// How many of a split shipment's items share one status.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitStatus {
    #[serde(default, deserialize_with = "lenient::count")]
    pub no_items_with_status: Option<u32>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub no_items: Option<u32>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub status_description: Option<String>,
    pub status: Option<ShipmentStatus>,
}

/// A sender's reference such as an order number.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(default, deserialize_with = "lenient::text")]
    pub value: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalService {
    #[serde(default, deserialize_with = "lenient::text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub group_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
}

/// One parcel of a shipment; events live here, not on the shipment.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(default, deserialize_with = "lenient::text")]
    pub item_id: Option<String>,
    pub status: Option<ShipmentStatus>,
    pub event_status: Option<ShipmentStatus>,
    pub status_text: Option<StatusText>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub estimated_time_of_arrival: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub public_time_of_arrival: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub drop_off_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub delivery_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub return_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub delivery_to: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub delivery_to_info: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub type_of_item_actual_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_placed_in_retail_parcel_box: Option<bool>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub stopped_in_customs: Option<bool>,
    pub stated_measurement: Option<Measurement>,
    pub assessed_measurement: Option<Measurement>,
    /// Oldest first, as PostNord sends them.
    #[serde(default, alias = "event", deserialize_with = "lenient::list")]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default, deserialize_with = "lenient::text")]
    pub event_time: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub event_code: Option<String>,
    /// Free text in PostNord's schema; in practice one of the status codes.
    pub status: Option<ShipmentStatus>,
    /// Already localised by PostNord.
    #[serde(default, deserialize_with = "lenient::text")]
    pub event_description: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub local_event_code: Option<String>,
    pub geo_location: Option<GeoLocation>,
    pub location: Option<Location>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(default, deserialize_with = "lenient::text")]
    pub location_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub postcode: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub country_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub location_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub service_point_type: Option<String>,
}

/// Where a scanner was when the event happened (delivery attempts, proof of delivery).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeoLocation {
    #[serde(default, deserialize_with = "lenient::number")]
    pub geo_northing: Option<f64>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub geo_easting: Option<f64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub geo_reference_system: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub geo_postal_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub geo_city: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub geo_country_code: Option<String>,
}

/// An RFC 7807 `application/problem+json` body, as PostNord's gateway sends with HTTP 400.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Problem {
    #[serde(default, rename = "type", deserialize_with = "lenient::text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub status: Option<u32>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub detail: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub instance: Option<String>,
}

/// Reads an error body for logs. `None` unless it has at least a title, detail or status, so an
/// unrelated JSON object is not mistaken for a problem report.
pub fn parse_problem(body: &str) -> Option<Problem> {
    if body.len() > MAX_BODY_BYTES {
        return None;
    }
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let problem: Problem = serde_json::from_str(body).ok()?;
    let meaningful =
        problem.title.is_some() || problem.detail.is_some() || problem.status.is_some();
    meaningful.then_some(problem)
}

/// Field readers that accept any JSON value and keep what they can use.
///
/// PostNord's schema and its responses disagree on scalar types (numbers as strings and back,
/// a single object where a list is expected in old responses), and a strict reader would reject
/// a whole response over one of them.
mod lenient {
    use serde::de::{Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer};
    use std::fmt;

    /// Any JSON value, reduced to the scalars the readers below need. Arrays and objects where a
    /// scalar belongs carry nothing usable, so they read as `Missing`.
    enum Scalar {
        Missing,
        Bool(bool),
        Int(i64),
        UInt(u64),
        Float(f64),
        Text(String),
    }

    impl<'de> Deserialize<'de> for Scalar {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(ScalarVisitor)
        }
    }

    struct ScalarVisitor;

    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E: Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Scalar::Bool(v))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Scalar::Int(v))
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Scalar::UInt(v))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Scalar::Float(v))
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Scalar::Text(v.to_owned()))
        }

        fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Scalar::Text(v))
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar::Missing)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar::Missing)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            Scalar::deserialize(deserializer)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Scalar::Missing)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Scalar::Missing)
        }
    }

    impl Scalar {
        fn into_text(self) -> Option<String> {
            match self {
                Scalar::Text(s) => Some(s),
                Scalar::Int(n) => Some(n.to_string()),
                Scalar::UInt(n) => Some(n.to_string()),
                Scalar::Float(n) if n.is_finite() => Some(n.to_string()),
                Scalar::Bool(b) => Some(b.to_string()),
                Scalar::Float(_) | Scalar::Missing => None,
            }
        }

        fn into_number(self) -> Option<f64> {
            let n = match self {
                Scalar::Float(n) => n,
                Scalar::Int(n) => n as f64,
                Scalar::UInt(n) => n as f64,
                // Nordic locales write a decimal comma.
                Scalar::Text(s) => s.trim().replace(',', ".").parse::<f64>().ok()?,
                Scalar::Bool(_) | Scalar::Missing => return None,
            };
            n.is_finite().then_some(n)
        }

        fn into_count(self) -> Option<u32> {
            match self {
                Scalar::UInt(n) => u32::try_from(n).ok(),
                Scalar::Int(n) => u32::try_from(n).ok(),
                Scalar::Float(n)
                    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) =>
                {
                    Some(n as u32)
                }
                Scalar::Text(s) => s.trim().parse().ok(),
                Scalar::Float(_) | Scalar::Bool(_) | Scalar::Missing => None,
            }
        }

        fn into_flag(self) -> Option<bool> {
            match self {
                Scalar::Bool(b) => Some(b),
                Scalar::Int(n) => Some(n != 0),
                Scalar::UInt(n) => Some(n != 0),
                Scalar::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "yes" | "y" | "1" => Some(true),
                    "false" | "no" | "n" | "0" => Some(false),
                    _ => None,
                },
                Scalar::Float(_) | Scalar::Missing => None,
            }
        }
    }

    /// Strings, numbers and booleans as text; null, arrays and objects as `None`.
    pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Scalar::deserialize(d)?.into_text())
    }

    /// Like [`text`], for the one field PostNord guarantees: without it there is no shipment.
    pub(super) fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Scalar::deserialize(d)?
            .into_text()
            .ok_or_else(|| D::Error::custom("expected an identifier"))
    }

    /// A finite number, from a JSON number or a numeric string.
    pub(super) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Scalar::deserialize(d)?.into_number())
    }

    /// A non-negative whole number that fits `u32`.
    pub(super) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Ok(Scalar::deserialize(d)?.into_count())
    }

    /// A boolean, also from `"true"`/`"false"`, `1`/`0` and similar.
    pub(super) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Ok(Scalar::deserialize(d)?.into_flag())
    }

    /// A weekday flag in opening hours: anything but a clear "yes" means closed.
    pub(super) fn day<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(Scalar::deserialize(d)?.into_flag().unwrap_or(false))
    }

    /// A list, also from a single object (old responses) and from null or junk (empty).
    pub(super) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(match OneOrMany::<T>::deserialize(d)? {
            OneOrMany::Many(items) => items,
            OneOrMany::One(item) => vec![item],
            OneOrMany::Neither(_) => Vec::new(),
        })
    }

    // Untagged: serde tries the variants in order, so a proper list wins, a lone object comes
    // next, and anything else is swallowed rather than failing the response.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
        Neither(#[allow(dead_code)] IgnoredAny),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = "public/demo/tracking";

    // `(file name, contents)` for each listed fixture, embedded at compile time.
    macro_rules! fixtures {
        ($($name:literal),* $(,)?) => {
            &[$(($name, include_str!(concat!("../../public/demo/tracking/", $name)))),*]
        };
    }

    /// Every fixture, so the manifest test can look files up by name.
    const FIXTURES: &[(&str, &str)] = fixtures![
        "370724760120010217.json",
        "370724760120010385.json",
        "370735419000044175.json",
        "370724760120000898.json",
        "370724760120011443.json",
        "CP371540625DE.json",
        "370735419000045233.json",
        "RR747540648SE.json",
        "370735419000046186.json",
        "RB123456785GB.json",
        "370724760120012501.json",
        "CX806123945US.json",
        "70724760120000880.json",
        "370735419000047022.json",
        "370724760120013669.json",
        "370731102400001575.json",
        "370724760120014727.json",
        "370731102400002633.json",
        "RR110352194DK.json",
        "fault-invalid-identifier.json",
        "empty-shipments.json",
        "fault-invalid-locale.json",
        "problem-400.json",
        "malformed.json",
    ];

    const MANIFEST: &str = include_str!("../../public/demo/tracking/manifest.json");

    fn fixture(name: &str) -> &'static str {
        FIXTURES
            .iter()
            .find(|&&(n, _)| n == name)
            .map(|&(_, body)| body)
            .unwrap_or_else(|| panic!("{DIR}/{name} is not in FIXTURES"))
    }

    /// JSON numbers are parsed to within an ulp, so compare coordinates with a tolerance.
    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|a| (a - expected).abs() < 1e-9)
    }

    /// The single shipment of a parcel fixture.
    fn shipment(name: &str) -> Shipment {
        let mut shipments = match parse_response(fixture(name)) {
            Ok(s) => s,
            Err(e) => panic!("{name}: {e:?}"),
        };
        assert_eq!(shipments.len(), 1, "{name}");
        shipments.remove(0)
    }

    fn only_item(s: &Shipment) -> &Item {
        assert_eq!(s.items.len(), 1, "{}", s.shipment_id);
        &s.items[0]
    }

    fn event_statuses(item: &Item) -> Vec<Option<ShipmentStatus>> {
        item.events.iter().map(|e| e.status).collect()
    }

    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or("")
    }

    #[test]
    fn created() {
        let s = shipment("370724760120010217.json");
        assert_eq!(s.shipment_id, "370724760120010217");
        assert_eq!(s.status, Some(ShipmentStatus::Created));
        let point = s
            .requested_delivery_point
            .as_ref()
            .expect("requested point");
        assert_eq!(text(&point.display_name), "ICA Nära Linné");
        assert_eq!(s.shipment_references.len(), 1);
        assert_eq!(text(&s.shipment_references[0].kind), "CU");
        assert_eq!(
            text(&s.service.as_ref().expect("service").name),
            "PostNord MyPack Collect"
        );
        assert_eq!(only_item(&s).events.len(), 3);
    }

    #[test]
    fn informed() {
        let s = shipment("370724760120010385.json");
        assert_eq!(s.status, Some(ShipmentStatus::Informed));
        assert_eq!(
            text(&s.estimated_time_of_arrival),
            "2025-11-21T16:00:00+01:00"
        );
        let point = s
            .requested_delivery_point
            .as_ref()
            .expect("requested point");
        assert_eq!(text(&point.display_name), "Coop Extra Grünerløkka");
        let item = only_item(&s);
        assert_eq!(item.events[0].status, Some(ShipmentStatus::Informed));
        assert_eq!(item.events[1].status, Some(ShipmentStatus::Other));
    }

    #[test]
    fn en_route() {
        let s = shipment("370735419000044175.json");
        assert_eq!(s.status, Some(ShipmentStatus::EnRoute));
        let item = only_item(&s);
        assert_eq!(item.events.len(), 5);
        let last = item.events.last().expect("events");
        assert_eq!(text(&last.event_time), "2025-11-19T05:26:00+01:00");
        let loc = last.location.as_ref().expect("location");
        assert_eq!(text(&loc.location_type), "DEPOT");
        assert_eq!(text(&loc.country_code), "DK");
        let measured = item.stated_measurement.as_ref().expect("measurement");
        assert_eq!(
            text(&measured.weight.as_ref().expect("weight").value),
            "2.05"
        );
    }

    #[test]
    fn available_at_service_point_with_full_week() {
        let s = shipment("370724760120000898.json");
        assert_eq!(s.status, Some(ShipmentStatus::AvailableForDelivery));
        assert_eq!(text(&s.return_date), "2025-11-26T00:00:00+01:00");
        let status_text = s.status_text.as_ref().expect("status text");
        assert!(text(&status_text.body).contains("pickup code"));

        let point = s.delivery_point.as_ref().expect("delivery point");
        assert_eq!(text(&point.display_name), "ICA Supermarket Söder");
        assert_eq!(
            text(&point.address.as_ref().expect("address").street1),
            "Götgatan 58"
        );
        assert_eq!(point.coordinate.len(), 1);
        assert!(close(point.coordinate[0].northing, 59.31356));
        assert_eq!(text(&point.coordinate[0].sr_id), "EPSG:4326");

        let hours = &point.opening_hours;
        assert_eq!(hours.len(), 3);
        assert_eq!(text(&hours[0].open_from), "07:00");
        assert!(hours[0].monday && hours[0].friday && !hours[0].saturday);
        assert!(hours[1].saturday && hours[2].sunday);
        // Every day of the week is covered by exactly one rule.
        for day in 0..7 {
            let rules = hours
                .iter()
                .filter(|h| {
                    [
                        h.monday,
                        h.tuesday,
                        h.wednesday,
                        h.thursday,
                        h.friday,
                        h.saturday,
                        h.sunday,
                    ][day]
                })
                .count();
            assert_eq!(rules, 1, "day {day}");
        }
        let item = only_item(&s);
        assert_eq!(item.is_placed_in_retail_parcel_box, Some(false));
        assert_eq!(s.additional_services.len(), 1);
    }

    #[test]
    fn item_in_parcel_locker() {
        let s = shipment("370724760120011443.json");
        assert_eq!(s.status, Some(ShipmentStatus::AvailableForDelivery));
        let item = only_item(&s);
        assert_eq!(
            item.status,
            Some(ShipmentStatus::AvailableForDeliveryParLoc)
        );
        assert_eq!(
            item.event_status,
            Some(ShipmentStatus::AvailableForDeliveryParLoc)
        );
        assert_eq!(item.is_placed_in_retail_parcel_box, Some(true));
        let point = s.delivery_point.as_ref().expect("delivery point");
        assert_eq!(text(&point.service_point_type), "PARCEL_LOCKER");
        assert_eq!(text(&point.display_name), "Pakkeboks Netto Nørrebro");
        let always = &point.opening_hours[0];
        assert!(always.monday && always.saturday && always.sunday);
        assert!(event_statuses(item).contains(&Some(ShipmentStatus::AvailableForDeliveryParLoc)));
    }

    #[test]
    fn delayed() {
        let s = shipment("CP371540625DE.json");
        assert_eq!(s.status, Some(ShipmentStatus::Delayed));
        assert_eq!(
            text(&s.origin_estimated_time_of_arrival),
            "2025-11-20T16:00:00+01:00"
        );
        assert_eq!(
            text(&s.estimated_time_of_arrival),
            "2025-11-24T16:00:00+01:00"
        );
        let dest = s.destination_delivery_point.as_ref().expect("destination");
        assert_eq!(text(&dest.display_name), "ICA Nära Luthagen");
        let item = only_item(&s);
        assert_eq!(
            item.events.last().and_then(|e| e.status),
            Some(ShipmentStatus::Delayed)
        );
        let first = item.events[0].location.as_ref().expect("location");
        assert_eq!(text(&first.location_type), "IPS_LOCATION");
    }

    #[test]
    fn expected_delay() {
        let s = shipment("370735419000045233.json");
        assert_eq!(s.status, Some(ShipmentStatus::ExpectedDelay));
        assert_eq!(s.risk_for_delay, Some(true));
        assert_eq!(only_item(&s).events.len(), 5);
    }

    #[test]
    fn delivered_registered_letter() {
        let s = shipment("RR747540648SE.json");
        assert_eq!(s.status, Some(ShipmentStatus::Delivered));
        assert_eq!(text(&s.delivery_date), "2025-11-14T15:22:00+01:00");
        let item = only_item(&s);
        assert_eq!(item.events.len(), 6);
        assert_eq!(item.events[5].status, Some(ShipmentStatus::Delivered));
        assert_eq!(text(&item.type_of_item_actual_name), "Registered letter");
    }

    #[test]
    fn delivery_impossible_with_geolocation() {
        let s = shipment("370735419000046186.json");
        assert_eq!(s.status, Some(ShipmentStatus::DeliveryImpossible));
        let item = only_item(&s);
        let attempt = item
            .events
            .iter()
            .find(|e| e.status == Some(ShipmentStatus::DeliveryImpossible))
            .expect("failed attempt");
        let geo = attempt.geo_location.as_ref().expect("geo location");
        assert!(close(geo.geo_northing, 59.93214));
        assert_eq!(text(&geo.geo_city), "OSLO");
        assert_eq!(text(&attempt.local_event_code), "AVV-ADR");
    }

    #[test]
    fn delivery_refused() {
        let s = shipment("RB123456785GB.json");
        assert_eq!(s.status, Some(ShipmentStatus::DeliveryRefused));
        let consignor = s.consignor.as_ref().expect("consignor");
        assert_eq!(
            text(&consignor.address.as_ref().expect("address").country_code),
            "GB"
        );
        assert_eq!(
            text(&only_item(&s).events[0].event_time),
            "2025-11-10T12:10:00+00:00"
        );
    }

    #[test]
    fn returned() {
        let s = shipment("370724760120012501.json");
        assert_eq!(s.status, Some(ShipmentStatus::Returned));
        let item = only_item(&s);
        assert_eq!(item.events.len(), 7);
        assert_eq!(item.events[6].status, Some(ShipmentStatus::Returned));
    }

    #[test]
    fn stopped_in_customs() {
        let s = shipment("CX806123945US.json");
        assert_eq!(s.status, Some(ShipmentStatus::Stopped));
        let item = only_item(&s);
        assert_eq!(item.stopped_in_customs, Some(true));
        assert_eq!(
            text(&item.events[0].event_time),
            "2025-11-06T10:14:00-07:00"
        );
    }

    #[test]
    fn split_shipment_has_items_with_different_statuses() {
        let s = shipment("70724760120000880.json");
        assert_eq!(s.status, Some(ShipmentStatus::Split));
        assert_eq!(s.assessed_number_of_items, Some(3));
        let statuses: Vec<_> = s.items.iter().map(|i| i.status).collect();
        assert_eq!(
            statuses,
            vec![
                Some(ShipmentStatus::Delivered),
                Some(ShipmentStatus::AvailableForDelivery),
                Some(ShipmentStatus::EnRoute),
            ]
        );
        assert_eq!(s.split_statuses.len(), 3);
        assert_eq!(s.split_statuses[0].no_items_with_status, Some(1));
        assert_eq!(s.split_statuses[0].no_items, Some(3));
        assert_eq!(s.split_statuses[2].status, Some(ShipmentStatus::EnRoute));
        assert_eq!(text(&s.items[0].item_id), "370724760120000911");
    }

    #[test]
    fn other() {
        let s = shipment("370735419000047022.json");
        assert_eq!(s.status, Some(ShipmentStatus::Other));
        let last = only_item(&s).events.last().expect("events");
        let loc = last.location.as_ref().expect("location");
        assert_eq!(text(&loc.location_type), "DISTRIBUTION_PARTNER");
    }

    #[test]
    fn unknown_status_reads_as_other() {
        let s = shipment("370724760120013669.json");
        assert_eq!(s.status, Some(ShipmentStatus::Other));
        let item = only_item(&s);
        assert_eq!(item.status, Some(ShipmentStatus::Other));
        assert_eq!(item.event_status, Some(ShipmentStatus::Other));
        assert_eq!(
            item.events.last().and_then(|e| e.status),
            Some(ShipmentStatus::Other)
        );
        assert_eq!(text(&item.events[3].event_code), "X42");
    }

    #[test]
    fn legacy_singular_names() {
        let s = shipment("370731102400001575.json");
        assert_eq!(s.status, Some(ShipmentStatus::AvailableForDelivery));
        let point = s.delivery_point.as_ref().expect("delivery point");
        assert_eq!(text(&point.display_name), "K-Market Kallio");
        assert_eq!(point.opening_hours.len(), 2);
        let sunday = &point.opening_hours[1];
        assert!(sunday.sunday && !sunday.monday);
        assert_eq!(text(&sunday.open_from2), "1400");
        assert_eq!(text(&sunday.open_to2), "2100");
        // Coordinates arrive as strings in the old shape.
        assert!(close(point.coordinate[0].northing, 60.18494));
        assert!(close(point.coordinate[0].easting, 24.95077));
        assert_eq!(only_item(&s).events.len(), 5);
        assert_eq!(s.shipment_references.len(), 1);
        assert_eq!(s.additional_services.len(), 1);
    }

    #[test]
    fn times_without_offset_and_three_letter_countries() {
        let s = shipment("370724760120014727.json");
        assert_eq!(s.status, Some(ShipmentStatus::Delivered));
        assert_eq!(text(&s.delivery_date), "2025-11-14T13:47:00");
        let consignee = s.consignee.as_ref().expect("consignee");
        assert_eq!(
            text(&consignee.address.as_ref().expect("address").country_code),
            "SWE"
        );
        let item = only_item(&s);
        assert_eq!(item.events.len(), 6);
        let last = item.events.last().expect("events");
        assert_eq!(
            text(&last.location.as_ref().expect("location").country_code),
            "SWE"
        );
        assert_eq!(
            text(&last.geo_location.as_ref().expect("geo").geo_country_code),
            "SWE"
        );
    }

    #[test]
    fn retry_and_timeout_bodies_parse() {
        let s = shipment("370731102400002633.json");
        assert_eq!(s.status, Some(ShipmentStatus::EnRoute));
        let s = shipment("RR110352194DK.json");
        assert_eq!(s.status, Some(ShipmentStatus::EnRoute));
    }

    #[test]
    fn invalid_identifier_fault_is_not_found() {
        assert_eq!(
            parse_response(fixture("fault-invalid-identifier.json")),
            Err(TrackingError::NotFound)
        );
    }

    #[test]
    fn empty_shipments_is_not_found() {
        assert_eq!(
            parse_response(fixture("empty-shipments.json")),
            Err(TrackingError::NotFound)
        );
    }

    #[test]
    fn invalid_locale_is_a_fault() {
        assert_eq!(
            parse_response(fixture("fault-invalid-locale.json")),
            Err(TrackingError::Fault {
                code: "invalidLocale".to_owned(),
                text: "Locale not valid".to_owned(),
            })
        );
    }

    #[test]
    fn problem_json_is_not_a_tracking_response() {
        let body = fixture("problem-400.json");
        assert_eq!(parse_response(body), Err(TrackingError::Malformed));
        let problem = parse_problem(body).expect("problem+json");
        assert_eq!(problem.status, Some(400));
        assert_eq!(problem.title.as_deref(), Some("Bad Request"));
        assert_eq!(parse_problem(fixture("empty-shipments.json")), None);
    }

    #[test]
    fn truncated_json_is_malformed() {
        assert_eq!(
            parse_response(fixture("malformed.json")),
            Err(TrackingError::Malformed)
        );
    }

    #[test]
    fn oversized_body_is_rejected_before_parsing() {
        let body = " ".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(parse_response(&body), Err(TrackingError::TooLarge));
    }

    #[test]
    fn odd_inputs_never_panic_and_read_sensibly() {
        for body in [
            "",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "{\"TrackingInformationResponse\": null}",
        ] {
            assert_eq!(
                parse_response(body),
                Err(TrackingError::Malformed),
                "{body}"
            );
        }
        assert_eq!(
            parse_response("{\"TrackingInformationResponse\": {}}"),
            Err(TrackingError::NotFound)
        );
        // v7 error body: compositeFault without the wrapper.
        assert_eq!(
            parse_response(r#"{"compositeFault":{"faults":[{"faultCode":"invalidIdentifier"}]}}"#),
            Err(TrackingError::NotFound)
        );
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse_response(&deep), Err(TrackingError::Malformed));
    }

    #[test]
    fn lenient_fields_survive_unexpected_types() {
        let body = r#"{"TrackingInformationResponse":{"shipments":[{
            "shipmentId": 370724760120000898,
            "status": 7,
            "assessedNumberOfItems": "2",
            "riskForDelay": "false",
            "shipmentReferences": null,
            "items": {"itemId": "A1", "event": {"eventTime": "2025-11-18T10:00:00", "status": null},
                      "isPlacedInRetailParcelBox": "yes"},
            "deliveryPoint": {"locationId": 12345, "coordinate": {"northing": "59,5", "easting": true},
                              "openingHours": [{"openFrom": 800, "monday": "true", "tuesday": null}]},
            "somethingNobodyKnows": {"deep": [1, 2, {"x": null}]}
        }]}}"#;
        let shipments = parse_response(body).expect("lenient parse");
        let s = &shipments[0];
        assert_eq!(s.shipment_id, "370724760120000898");
        assert_eq!(s.status, Some(ShipmentStatus::Other));
        assert_eq!(s.assessed_number_of_items, Some(2));
        assert_eq!(s.risk_for_delay, Some(false));
        assert!(s.shipment_references.is_empty());
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].events.len(), 1);
        assert_eq!(s.items[0].events[0].status, None);
        assert_eq!(s.items[0].is_placed_in_retail_parcel_box, Some(true));
        let point = s.delivery_point.as_ref().expect("delivery point");
        assert_eq!(text(&point.location_id), "12345");
        assert!(close(point.coordinate[0].northing, 59.5));
        assert_eq!(point.coordinate[0].easting, None);
        assert_eq!(text(&point.opening_hours[0].open_from), "800");
        assert!(point.opening_hours[0].monday && !point.opening_hours[0].tuesday);
    }

    #[test]
    fn shipment_without_id_is_malformed() {
        let body = r#"{"TrackingInformationResponse":{"shipments":[{"status":"DELIVERED"}]}}"#;
        assert_eq!(parse_response(body), Err(TrackingError::Malformed));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let body = format!("\u{feff}{}", fixture("370724760120010217.json"));
        assert!(parse_response(&body).is_ok());
    }

    #[test]
    fn status_codes_round_trip() {
        let all = [
            ShipmentStatus::Created,
            ShipmentStatus::Informed,
            ShipmentStatus::EnRoute,
            ShipmentStatus::AvailableForDelivery,
            ShipmentStatus::AvailableForDeliveryParLoc,
            ShipmentStatus::Delayed,
            ShipmentStatus::ExpectedDelay,
            ShipmentStatus::Delivered,
            ShipmentStatus::DeliveryImpossible,
            ShipmentStatus::DeliveryRefused,
            ShipmentStatus::Returned,
            ShipmentStatus::Stopped,
            ShipmentStatus::Split,
            ShipmentStatus::Other,
        ];
        for status in all {
            assert_eq!(ShipmentStatus::from_code(status.code()), status);
        }
        assert_eq!(
            ShipmentStatus::from_code(" delivered "),
            ShipmentStatus::Delivered
        );
        assert_eq!(
            ShipmentStatus::from_code("SOMETHING_NEW"),
            ShipmentStatus::Other
        );
        assert_eq!(ShipmentStatus::from_code(""), ShipmentStatus::Other);
    }

    /// The manifest drives the demo proxy, so it must agree with the files and with id
    /// validation: every id passes the client's checks, every file exists and reads as expected.
    #[test]
    fn manifest_matches_fixtures() {
        use super::super::id::{TrackingId, TrackingKind};

        let manifest: serde_json::Value = serde_json::from_str(MANIFEST).expect("manifest is JSON");
        assert_eq!(manifest["version"], 1);
        let parcels = manifest["parcels"].as_array().expect("parcels");
        let errors = manifest["errors"].as_array().expect("errors");
        let mut seen = std::collections::HashSet::new();

        for parcel in parcels {
            let id = parcel["id"].as_str().expect("id");
            let file = parcel["file"].as_str().expect("file");
            let status = parcel["status"].as_str().expect("status");
            assert!(seen.insert(id.to_owned()), "duplicate id {id}");
            assert_eq!(file, format!("{id}.json"));
            let parsed = TrackingId::parse(id).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            assert_ne!(parsed.kind(), TrackingKind::Other, "{id}");
            assert_eq!(parsed.as_str(), id);
            let s = shipment(file);
            assert_eq!(s.shipment_id, id);
            assert_eq!(s.status, Some(ShipmentStatus::from_code(status)), "{id}");
            assert!(!s.items.is_empty(), "{id}");
            for item in &s.items {
                assert!(
                    (3..=8).contains(&item.events.len()),
                    "{id}: {} events",
                    item.events.len()
                );
            }
        }

        for error in errors {
            let id = error["id"].as_str().expect("id");
            assert!(seen.insert(id.to_owned()), "duplicate id {id}");
            let parsed = TrackingId::parse(id).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            assert_ne!(parsed.kind(), TrackingKind::Other, "{id}");
            assert!(error["http"].is_u64(), "{id}");
            for key in ["file", "thenFile"] {
                if let Some(file) = error[key].as_str() {
                    let _ = fixture(file);
                }
            }
        }

        // Every status PostNord documents is demonstrated, and so is an unknown one.
        let statuses: Vec<&str> = parcels
            .iter()
            .filter_map(|p| p["status"].as_str())
            .collect();
        for code in [
            "CREATED",
            "INFORMED",
            "EN_ROUTE",
            "AVAILABLE_FOR_DELIVERY",
            "DELAYED",
            "EXPECTED_DELAY",
            "DELIVERED",
            "DELIVERY_IMPOSSIBLE",
            "DELIVERY_REFUSED",
            "RETURNED",
            "STOPPED",
            "SPLIT",
            "OTHER",
            "SOMETHING_NEW",
        ] {
            assert!(statuses.contains(&code), "no demo parcel for {code}");
        }
    }
}
