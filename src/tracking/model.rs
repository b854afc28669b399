//! PostNord Track & Trace responses (v5 and v7 share the shape) and how to read them.
//!
//! The widget gets PostNord's JSON unchanged through a merchant's proxy, so these types follow
//! PostNord's field names. Only `shipmentId` is guaranteed; everything else may be missing, null,
//! or of another JSON type than the schema says (PostNord's OpenAPI declares coordinates as
//! strings; other sources show numbers). One odd field must not turn a parcel into "malformed",
//! so every field is optional and read leniently: the body is parsed into a `serde_json::Value`
//! and each type's `from_json` picks its fields with the small readers at the end of this file
//! (`text`, `number`, `objects`, ...), which keep what they can use and treat the rest as missing.
//! Hand-written rather than serde derives with custom deserializers, which cost the widget about
//! 130 KB of WebAssembly. Statuses PostNord adds later read as [`ShipmentStatus::Other`]; unknown
//! fields are ignored.
//!
//! Times stay strings: PostNord sends local times, often without an offset, and only the view
//! knows how to present them.

pub use crate::domain::ShipmentStatus;
use serde_json::{Map, Value};
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
    let root = parse_object(body).ok_or(TrackingError::Malformed)?;
    let top_fault = object(root.get("compositeFault"));
    let (shipments, fault) = match root.get("TrackingInformationResponse") {
        Some(Value::Object(response)) => (
            read_shipments(response.get("shipments"))?,
            object(response.get("compositeFault")).or(top_fault),
        ),
        // v7 error bodies carry `compositeFault` at the top level, without the wrapper.
        None | Some(Value::Null) => match top_fault {
            Some(fault) => (Vec::new(), Some(fault)),
            None => return Err(TrackingError::Malformed),
        },
        Some(_) => return Err(TrackingError::Malformed),
    };
    if !shipments.is_empty() {
        return Ok(shipments);
    }
    let faults = fault
        .map(CompositeFault::from_json)
        .unwrap_or_default()
        .faults;
    match faults.into_iter().find(Fault::is_request_problem) {
        Some(fault) => Err(TrackingError::Fault {
            code: fault.fault_code.unwrap_or_default(),
            text: fault.explanation_text.unwrap_or_default(),
        }),
        None => Err(TrackingError::NotFound),
    }
}

/// The body as a JSON object, or `None` if it is not JSON or not an object. Callers check
/// `MAX_BODY_BYTES` first.
fn parse_object(body: &str) -> Option<Map<String, Value>> {
    // Some proxies prepend a byte-order mark, which JSON parsers reject.
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    // serde_json's recursion limit (128) bounds the depth of what we walk and drop.
    match serde_json::from_str::<Value>(body).ok()? {
        Value::Object(root) => Some(root),
        _ => None,
    }
}

/// `TrackingInformationResponse.shipments`, strict on purpose: a shipment without `shipmentId`
/// is not a parcel we can show, and dropping it silently would tell the buyer "not found" for
/// what is really a broken answer. Missing means none; null or a non-list is malformed.
fn read_shipments(value: Option<&Value>) -> Result<Vec<Shipment>, TrackingError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let list = value.as_array().ok_or(TrackingError::Malformed)?;
    // Not `with_capacity`: a body of many `{}` must not reserve room for that many shipments.
    let mut shipments = Vec::new();
    for entry in list {
        let shipment = entry.as_object().and_then(Shipment::from_json);
        shipments.push(shipment.ok_or(TrackingError::Malformed)?);
    }
    Ok(shipments)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompositeFault {
    pub faults: Vec<Fault>,
}

impl CompositeFault {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        CompositeFault {
            faults: objects(obj.get("faults")).map(Fault::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fault {
    pub fault_code: Option<String>,
    pub explanation_text: Option<String>,
    pub param_values: Vec<ParamValue>,
}

impl Fault {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Fault {
            fault_code: text(obj.get("faultCode")),
            explanation_text: text(obj.get("explanationText")),
            param_values: objects(obj.get("paramValues"))
                .map(ParamValue::from_json)
                .collect(),
        }
    }

    /// Faults about how we asked (today only the locale) rather than about the id. Every other
    /// fault, `invalidIdentifier` included, means PostNord has nothing to show for this id.
    fn is_request_problem(&self) -> bool {
        self.fault_code
            .as_deref()
            .is_some_and(|code| code.to_ascii_lowercase().contains("locale"))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamValue {
    pub param: Option<String>,
    pub value: Option<String>,
}

impl ParamValue {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        ParamValue {
            param: text(obj.get("param")),
            value: text(obj.get("value")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shipment {
    pub shipment_id: String,
    pub uri: Option<String>,
    pub assessed_number_of_items: Option<u32>,
    pub customer_number: Option<String>,
    pub risk_for_delay: Option<bool>,

    pub delivery_date: Option<String>,
    /// When the parcel goes back to the sender if not collected: the last pickup day is before it.
    pub return_date: Option<String>,
    pub estimated_time_of_arrival: Option<String>,
    /// The first estimate; differs from `estimated_time_of_arrival` after a delay.
    pub origin_estimated_time_of_arrival: Option<String>,
    pub public_time_of_arrival: Option<String>,
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

    pub split_statuses: Vec<SplitStatus>,
    pub shipment_references: Vec<Reference>,
    pub additional_services: Vec<AdditionalService>,
    pub items: Vec<Item>,
}

impl Shipment {
    /// `None` without a usable `shipmentId`: there is no parcel to show then.
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Option<Self> {
        let shipment_id = text(obj.get("shipmentId")).filter(|id| !id.trim().is_empty())?;
        // Old responses use the singular names for these lists.
        let references = obj
            .get("shipmentReferences")
            .or_else(|| obj.get("shipmentReference"));
        let services = obj
            .get("additionalServices")
            .or_else(|| obj.get("additionalService"));
        Some(Shipment {
            shipment_id,
            uri: text(obj.get("uri")),
            assessed_number_of_items: count(obj.get("assessedNumberOfItems")),
            customer_number: text(obj.get("customerNumber")),
            risk_for_delay: flag(obj.get("riskForDelay")),

            delivery_date: text(obj.get("deliveryDate")),
            return_date: text(obj.get("returnDate")),
            estimated_time_of_arrival: text(obj.get("estimatedTimeOfArrival")),
            origin_estimated_time_of_arrival: text(obj.get("originEstimatedTimeOfArrival")),
            public_time_of_arrival: text(obj.get("publicTimeOfArrival")),
            real_time_of_arrival: text(obj.get("realTimeOfArrival")),

            service: object(obj.get("service")).map(Service::from_json),
            consignor: object(obj.get("consignor")).map(Party::from_json),
            consignee: object(obj.get("consignee")).map(Party::from_json),
            status: status(obj.get("status")),
            status_text: object(obj.get("statusText")).map(StatusText::from_json),
            delivery_point: object(obj.get("deliveryPoint")).map(DeliveryPoint::from_json),
            requested_delivery_point: object(obj.get("requestedDeliveryPoint"))
                .map(DeliveryPoint::from_json),
            destination_delivery_point: object(obj.get("destinationDeliveryPoint"))
                .map(DeliveryPoint::from_json),

            total_weight: object(obj.get("totalWeight")).map(Quantity::from_json),
            total_volume: object(obj.get("totalVolume")).map(Quantity::from_json),
            assessed_weight: object(obj.get("assessedWeight")).map(Quantity::from_json),
            assessed_volume: object(obj.get("assessedVolume")).map(Quantity::from_json),

            split_statuses: objects(obj.get("splitStatuses"))
                .map(SplitStatus::from_json)
                .collect(),
            shipment_references: objects(references).map(Reference::from_json).collect(),
            additional_services: objects(services)
                .map(AdditionalService::from_json)
                .collect(),
            items: objects(obj.get("items")).map(Item::from_json).collect(),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    pub code: Option<String>,
    pub name: Option<String>,
    pub source_system: Option<String>,
    pub article_number: Option<String>,
}

impl Service {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Service {
            code: text(obj.get("code")),
            name: text(obj.get("name")),
            source_system: text(obj.get("sourceSystem")),
            article_number: text(obj.get("articleNumber")),
        }
    }
}

/// Consignor (sender) or consignee (receiver).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Party {
    pub name: Option<String>,
    pub address: Option<Address>,
    pub contact: Option<Contact>,
}

impl Party {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Party {
            name: text(obj.get("name")),
            address: object(obj.get("address")).map(Address::from_json),
            contact: object(obj.get("contact")).map(Contact::from_json),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Address {
    pub street1: Option<String>,
    pub street2: Option<String>,
    pub city: Option<String>,
    pub post_code: Option<String>,
    /// Two letters (`SE`) or three (`SWE`), depending on the source system.
    pub country_code: Option<String>,
    pub country: Option<String>,
}

impl Address {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Address {
            street1: text(obj.get("street1")),
            street2: text(obj.get("street2")),
            city: text(obj.get("city")),
            post_code: text(obj.get("postCode")),
            country_code: text(obj.get("countryCode")),
            country: text(obj.get("country")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
}

impl Contact {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Contact {
            contact_name: text(obj.get("contactName")),
            phone: text(obj.get("phone")),
            mobile_phone: text(obj.get("mobilePhone")),
            email: text(obj.get("email")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusText {
    pub header: Option<String>,
    pub body: Option<String>,
    pub estimated_time_of_arrival: Option<String>,
}

impl StatusText {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        StatusText {
            header: text(obj.get("header")),
            body: text(obj.get("body")),
            estimated_time_of_arrival: text(obj.get("estimatedTimeOfArrival")),
        }
    }
}

/// A service point, parcel locker or other place a parcel is handed out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryPoint {
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub location_id: Option<String>,
    /// One of PostNord's location types (`SERVICE_POINT`, `DEPOT`, …); kept as text because the
    /// view only shows it.
    pub location_type: Option<String>,
    pub service_point_type: Option<String>,
    /// Where inside or around the place to go, e.g. "at the customer service desk".
    pub location_detail: Option<String>,
    pub address: Option<Address>,
    // v7 may also put these beside `address`.
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub country_code: Option<String>,
    pub contact: Option<Contact>,
    pub coordinate: Vec<Coordinate>,
    pub opening_hours: Vec<OpeningHours>,
}

impl DeliveryPoint {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        // Old responses say `openingHour`.
        let hours = obj.get("openingHours").or_else(|| obj.get("openingHour"));
        DeliveryPoint {
            name: text(obj.get("name")),
            display_name: text(obj.get("displayName")),
            location_id: text(obj.get("locationId")),
            location_type: text(obj.get("locationType")),
            service_point_type: text(obj.get("servicePointType")),
            location_detail: text(obj.get("locationDetail")),
            address: object(obj.get("address")).map(Address::from_json),
            city: text(obj.get("city")),
            postcode: text(obj.get("postcode")),
            country_code: text(obj.get("countryCode")),
            contact: object(obj.get("contact")).map(Contact::from_json),
            coordinate: objects(obj.get("coordinate"))
                .map(Coordinate::from_json)
                .collect(),
            opening_hours: objects(hours).map(OpeningHours::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coordinate {
    /// Latitude for `EPSG:4326`.
    pub northing: Option<f64>,
    /// Longitude for `EPSG:4326`.
    pub easting: Option<f64>,
    /// Spatial reference, e.g. `EPSG:4326`.
    pub sr_id: Option<String>,
}

impl Coordinate {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Coordinate {
            northing: number(obj.get("northing")),
            easting: number(obj.get("easting")),
            sr_id: text(obj.get("srId")),
        }
    }
}

/// One opening-hours rule: the times apply to every weekday whose flag is set. A second range
/// (`open_from2`/`open_to2`) means a break in the day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpeningHours {
    /// Seen as `07:00` and as `0700`; the view normalises.
    pub open_from: Option<String>,
    pub open_to: Option<String>,
    pub open_from2: Option<String>,
    pub open_to2: Option<String>,
    pub monday: bool,
    pub tuesday: bool,
    pub wednesday: bool,
    pub thursday: bool,
    pub friday: bool,
    pub saturday: bool,
    pub sunday: bool,
}

impl OpeningHours {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        OpeningHours {
            open_from: text(obj.get("openFrom")),
            open_to: text(obj.get("openTo")),
            open_from2: text(obj.get("openFrom2")),
            open_to2: text(obj.get("openTo2")),
            monday: day(obj.get("monday")),
            tuesday: day(obj.get("tuesday")),
            wednesday: day(obj.get("wednesday")),
            thursday: day(obj.get("thursday")),
            friday: day(obj.get("friday")),
            saturday: day(obj.get("saturday")),
            sunday: day(obj.get("sunday")),
        }
    }
}

/// A weight, length or volume. PostNord sends the value as a decimal string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quantity {
    pub value: Option<String>,
    pub unit: Option<String>,
}

impl Quantity {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Quantity {
            value: text(obj.get("value")),
            unit: text(obj.get("unit")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measurement {
    pub weight: Option<Quantity>,
    pub length: Option<Quantity>,
    pub height: Option<Quantity>,
    pub width: Option<Quantity>,
    pub volume: Option<Quantity>,
}

impl Measurement {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Measurement {
            weight: object(obj.get("weight")).map(Quantity::from_json),
            length: object(obj.get("length")).map(Quantity::from_json),
            height: object(obj.get("height")).map(Quantity::from_json),
            width: object(obj.get("width")).map(Quantity::from_json),
            volume: object(obj.get("volume")).map(Quantity::from_json),
        }
    }
}

/// How many of a split shipment's items share one status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitStatus {
    pub no_items_with_status: Option<u32>,
    pub no_items: Option<u32>,
    pub status_description: Option<String>,
    pub status: Option<ShipmentStatus>,
}

impl SplitStatus {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        SplitStatus {
            no_items_with_status: count(obj.get("noItemsWithStatus")),
            no_items: count(obj.get("noItems")),
            status_description: text(obj.get("statusDescription")),
            status: status(obj.get("status")),
        }
    }
}

/// A sender's reference such as an order number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    pub value: Option<String>,
    /// PostNord's `type`.
    pub kind: Option<String>,
    pub name: Option<String>,
}

impl Reference {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Reference {
            value: text(obj.get("value")),
            kind: text(obj.get("type")),
            name: text(obj.get("name")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdditionalService {
    pub code: Option<String>,
    pub group_code: Option<String>,
    pub name: Option<String>,
}

impl AdditionalService {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        AdditionalService {
            code: text(obj.get("code")),
            group_code: text(obj.get("groupCode")),
            name: text(obj.get("name")),
        }
    }
}

/// One parcel of a shipment; events live here, not on the shipment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    pub item_id: Option<String>,
    pub status: Option<ShipmentStatus>,
    pub event_status: Option<ShipmentStatus>,
    pub status_text: Option<StatusText>,
    pub estimated_time_of_arrival: Option<String>,
    pub public_time_of_arrival: Option<String>,
    pub drop_off_date: Option<String>,
    pub delivery_date: Option<String>,
    pub return_date: Option<String>,
    pub delivery_to: Option<String>,
    pub delivery_to_info: Option<String>,
    pub type_of_item_actual_name: Option<String>,
    pub is_placed_in_retail_parcel_box: Option<bool>,
    pub stopped_in_customs: Option<bool>,
    pub stated_measurement: Option<Measurement>,
    pub assessed_measurement: Option<Measurement>,
    /// Oldest first, as PostNord sends them.
    pub events: Vec<Event>,
}

impl Item {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        // Old responses say `event`.
        let events = obj.get("events").or_else(|| obj.get("event"));
        Item {
            item_id: text(obj.get("itemId")),
            status: status(obj.get("status")),
            event_status: status(obj.get("eventStatus")),
            status_text: object(obj.get("statusText")).map(StatusText::from_json),
            estimated_time_of_arrival: text(obj.get("estimatedTimeOfArrival")),
            public_time_of_arrival: text(obj.get("publicTimeOfArrival")),
            drop_off_date: text(obj.get("dropOffDate")),
            delivery_date: text(obj.get("deliveryDate")),
            return_date: text(obj.get("returnDate")),
            delivery_to: text(obj.get("deliveryTo")),
            delivery_to_info: text(obj.get("deliveryToInfo")),
            type_of_item_actual_name: text(obj.get("typeOfItemActualName")),
            is_placed_in_retail_parcel_box: flag(obj.get("isPlacedInRetailParcelBox")),
            stopped_in_customs: flag(obj.get("stoppedInCustoms")),
            stated_measurement: object(obj.get("statedMeasurement")).map(Measurement::from_json),
            assessed_measurement: object(obj.get("assessedMeasurement"))
                .map(Measurement::from_json),
            events: objects(events).map(Event::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    pub event_time: Option<String>,
    pub event_code: Option<String>,
    /// Free text in PostNord's schema; in practice one of the status codes.
    pub status: Option<ShipmentStatus>,
    /// Already localised by PostNord.
    pub event_description: Option<String>,
    pub local_event_code: Option<String>,
    pub geo_location: Option<GeoLocation>,
    pub location: Option<Location>,
}

impl Event {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Event {
            event_time: text(obj.get("eventTime")),
            event_code: text(obj.get("eventCode")),
            status: status(obj.get("status")),
            event_description: text(obj.get("eventDescription")),
            local_event_code: text(obj.get("localEventCode")),
            geo_location: object(obj.get("geoLocation")).map(GeoLocation::from_json),
            location: object(obj.get("location")).map(Location::from_json),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    pub location_id: Option<String>,
    pub display_name: Option<String>,
    pub name: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub country_code: Option<String>,
    pub country: Option<String>,
    pub location_type: Option<String>,
    pub service_point_type: Option<String>,
}

impl Location {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Location {
            location_id: text(obj.get("locationId")),
            display_name: text(obj.get("displayName")),
            name: text(obj.get("name")),
            city: text(obj.get("city")),
            postcode: text(obj.get("postcode")),
            country_code: text(obj.get("countryCode")),
            country: text(obj.get("country")),
            location_type: text(obj.get("locationType")),
            service_point_type: text(obj.get("servicePointType")),
        }
    }
}

/// Where a scanner was when the event happened (delivery attempts, proof of delivery).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoLocation {
    pub geo_northing: Option<f64>,
    pub geo_easting: Option<f64>,
    pub geo_reference_system: Option<String>,
    pub geo_postal_code: Option<String>,
    pub geo_city: Option<String>,
    pub geo_country_code: Option<String>,
}

impl GeoLocation {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        GeoLocation {
            geo_northing: number(obj.get("geoNorthing")),
            geo_easting: number(obj.get("geoEasting")),
            geo_reference_system: text(obj.get("geoReferenceSystem")),
            geo_postal_code: text(obj.get("geoPostalCode")),
            geo_city: text(obj.get("geoCity")),
            geo_country_code: text(obj.get("geoCountryCode")),
        }
    }
}

/// An RFC 7807 `application/problem+json` body, as PostNord's gateway sends with HTTP 400.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    /// The problem's `type` URI.
    pub kind: Option<String>,
    pub title: Option<String>,
    pub status: Option<u32>,
    pub detail: Option<String>,
    pub instance: Option<String>,
}

impl Problem {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Problem {
            kind: text(obj.get("type")),
            title: text(obj.get("title")),
            status: count(obj.get("status")),
            detail: text(obj.get("detail")),
            instance: text(obj.get("instance")),
        }
    }
}

/// Reads an error body for logs. `None` unless it has at least a title, detail or status, so an
/// unrelated JSON object is not mistaken for a problem report.
pub fn parse_problem(body: &str) -> Option<Problem> {
    if body.len() > MAX_BODY_BYTES {
        return None;
    }
    let problem = Problem::from_json(&parse_object(body)?);
    let meaningful =
        problem.title.is_some() || problem.detail.is_some() || problem.status.is_some();
    meaningful.then_some(problem)
}

// Field readers: each takes whatever JSON value arrived (`None` when the key is absent) and
// keeps what it can use. PostNord's schema and its responses disagree on scalar types (numbers
// as strings and back, a single object where a list is expected in old responses), and a strict
// reader would reject a whole response over one of them. Deliberately not generic, so each is
// compiled once.

/// Strings, numbers and booleans as text; null, arrays and objects as `None`.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(String::from(if *b { "true" } else { "false" })),
        // Integers exactly, other numbers as Rust prints them (`5.0` reads as "5").
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(n), _) => Some(n.to_string()),
            (None, Some(n)) => Some(n.to_string()),
            (None, None) => n.as_f64().filter(|n| n.is_finite()).map(|n| n.to_string()),
        },
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A finite number, from a JSON number or a numeric string.
fn number(value: Option<&Value>) -> Option<f64> {
    let n = match value? {
        Value::Number(n) => n.as_f64()?,
        // Nordic locales write a decimal comma.
        Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A non-negative whole number that fits `u32`, also from `2.0` and `"2"`.
fn count(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => match n.as_u64() {
            Some(n) => u32::try_from(n).ok(),
            None => {
                let n = n.as_f64()?;
                let whole = n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n);
                // In range and whole, so the cast is exact.
                whole.then_some(n as u32)
            }
        },
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean, also from `"true"`/`"false"`, `1`/`0` and similar.
fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        // Integers only: `0.5` says nothing clear.
        Value::Number(n) => match n.as_u64() {
            Some(n) => Some(n != 0),
            None => n.as_i64().map(|n| n != 0),
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A weekday flag in opening hours: anything but a clear "yes" means closed.
fn day(value: Option<&Value>) -> bool {
    flag(value).unwrap_or(false)
}

/// Null or absent is no status; any other value is one, and a number or an object where a code
/// belongs reads as [`ShipmentStatus::Other`] rather than failing the parcel.
fn status(value: Option<&Value>) -> Option<ShipmentStatus> {
    match value? {
        Value::Null => None,
        Value::String(code) => Some(ShipmentStatus::from_code(code)),
        // No status code is a number or a boolean, so their text would read as `Other` too.
        _ => Some(ShipmentStatus::Other),
    }
}

/// An object, or `None` for null, absent or any other type.
fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    value?.as_object()
}

/// The objects of a list, also from a single object (old responses); entries that are not
/// objects are skipped, and null or any other value is an empty list.
fn objects<'a>(value: Option<&'a Value>) -> impl Iterator<Item = &'a Map<String, Value>> {
    let many: &'a [Value] = match value {
        Some(Value::Array(list)) => list.as_slice(),
        _ => &[],
    };
    many.iter()
        .filter_map(Value::as_object)
        .chain(object(value))
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
