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

use super::lenient::{day, flag, number, object, objects, status, text};
pub(crate) use crate::domain::ShipmentStatus;
use serde_json::{Map, Value};
use std::fmt;

/// Largest body we parse. A real response with many events is a few tens of kilobytes; anything
/// near this size is a proxy error page or an attack, and parsing it would stall the page.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Why a tracking response cannot be shown as shipments. Each variant reads differently to the
/// buyer: "not found" asks them to check the number, the others say it is our problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TrackingError {
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
pub(crate) fn parse_response(body: &str) -> Result<Vec<Shipment>, TrackingError> {
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
pub(crate) struct CompositeFault {
    pub(crate) faults: Vec<Fault>,
}

impl CompositeFault {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        CompositeFault {
            faults: objects(obj.get("faults")).map(Fault::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fault {
    pub(crate) fault_code: Option<String>,
    pub(crate) explanation_text: Option<String>,
}

impl Fault {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Fault {
            fault_code: text(obj.get("faultCode")),
            explanation_text: text(obj.get("explanationText")),
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
pub(crate) struct Shipment {
    pub(crate) shipment_id: String,

    pub(crate) delivery_date: Option<String>,
    /// When the parcel goes back to the sender if not collected: the last pickup day is before it.
    pub(crate) return_date: Option<String>,
    pub(crate) estimated_time_of_arrival: Option<String>,
    pub(crate) public_time_of_arrival: Option<String>,

    pub(crate) consignor: Option<Party>,
    pub(crate) status: Option<ShipmentStatus>,
    /// Already localised by PostNord for the requested locale.
    pub(crate) status_text: Option<StatusText>,
    /// Where the parcel is (or was) handed out.
    pub(crate) delivery_point: Option<DeliveryPoint>,
    /// The point the buyer chose at checkout.
    pub(crate) requested_delivery_point: Option<DeliveryPoint>,
    /// The point PostNord is routing the parcel to.
    pub(crate) destination_delivery_point: Option<DeliveryPoint>,

    pub(crate) items: Vec<Item>,
}

impl Shipment {
    /// `None` without a usable `shipmentId`: there is no parcel to show then.
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Option<Self> {
        let shipment_id = text(obj.get("shipmentId")).filter(|id| !id.trim().is_empty())?;
        Some(Shipment {
            shipment_id,

            delivery_date: text(obj.get("deliveryDate")),
            return_date: text(obj.get("returnDate")),
            estimated_time_of_arrival: text(obj.get("estimatedTimeOfArrival")),
            public_time_of_arrival: text(obj.get("publicTimeOfArrival")),

            consignor: object(obj.get("consignor")).map(Party::from_json),
            status: status(obj.get("status")),
            status_text: object(obj.get("statusText")).map(StatusText::from_json),
            delivery_point: object(obj.get("deliveryPoint")).map(DeliveryPoint::from_json),
            requested_delivery_point: object(obj.get("requestedDeliveryPoint"))
                .map(DeliveryPoint::from_json),
            destination_delivery_point: object(obj.get("destinationDeliveryPoint"))
                .map(DeliveryPoint::from_json),

            items: objects(obj.get("items")).map(Item::from_json).collect(),
        })
    }
}

/// Consignor (sender) or consignee (receiver).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Party {
    pub(crate) name: Option<String>,
}

impl Party {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Party {
            name: text(obj.get("name")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Address {
    pub(crate) street1: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) post_code: Option<String>,
}

impl Address {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Address {
            street1: text(obj.get("street1")),
            city: text(obj.get("city")),
            post_code: text(obj.get("postCode")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StatusText {
    pub(crate) header: Option<String>,
    pub(crate) body: Option<String>,
    pub(crate) estimated_time_of_arrival: Option<String>,
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
pub(crate) struct DeliveryPoint {
    pub(crate) name: Option<String>,
    pub(crate) display_name: Option<String>,
    /// One of PostNord's location types (`SERVICE_POINT`, `DEPOT`, …); kept as text because the
    /// view only shows it.
    pub(crate) location_type: Option<String>,
    pub(crate) service_point_type: Option<String>,
    /// Where inside or around the place to go, e.g. "at the customer service desk".
    pub(crate) location_detail: Option<String>,
    pub(crate) address: Option<Address>,
    // v7 may also put these beside `address`.
    pub(crate) city: Option<String>,
    pub(crate) postcode: Option<String>,
    pub(crate) coordinate: Vec<Coordinate>,
    pub(crate) opening_hours: Vec<OpeningHours>,
}

impl DeliveryPoint {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        // Old responses say `openingHour`.
        let hours = obj.get("openingHours").or_else(|| obj.get("openingHour"));
        DeliveryPoint {
            name: text(obj.get("name")),
            display_name: text(obj.get("displayName")),
            location_type: text(obj.get("locationType")),
            service_point_type: text(obj.get("servicePointType")),
            location_detail: text(obj.get("locationDetail")),
            address: object(obj.get("address")).map(Address::from_json),
            city: text(obj.get("city")),
            postcode: text(obj.get("postcode")),
            coordinate: objects(obj.get("coordinate"))
                .map(Coordinate::from_json)
                .collect(),
            opening_hours: objects(hours).map(OpeningHours::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Coordinate {
    /// Latitude for `EPSG:4326`.
    pub(crate) northing: Option<f64>,
    /// Longitude for `EPSG:4326`.
    pub(crate) easting: Option<f64>,
    /// Spatial reference, e.g. `EPSG:4326`.
    pub(crate) sr_id: Option<String>,
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
pub(crate) struct OpeningHours {
    /// Seen as `07:00` and as `0700`; the view normalises.
    pub(crate) open_from: Option<String>,
    pub(crate) open_to: Option<String>,
    pub(crate) open_from2: Option<String>,
    pub(crate) open_to2: Option<String>,
    pub(crate) monday: bool,
    pub(crate) tuesday: bool,
    pub(crate) wednesday: bool,
    pub(crate) thursday: bool,
    pub(crate) friday: bool,
    pub(crate) saturday: bool,
    pub(crate) sunday: bool,
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

/// One parcel of a shipment; events live here, not on the shipment.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Item {
    pub(crate) item_id: Option<String>,
    pub(crate) status: Option<ShipmentStatus>,
    pub(crate) event_status: Option<ShipmentStatus>,
    pub(crate) estimated_time_of_arrival: Option<String>,
    pub(crate) delivery_date: Option<String>,
    pub(crate) return_date: Option<String>,
    pub(crate) is_placed_in_retail_parcel_box: Option<bool>,
    /// Oldest first, as PostNord sends them.
    pub(crate) events: Vec<Event>,
}

impl Item {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        // Old responses say `event`.
        let events = obj.get("events").or_else(|| obj.get("event"));
        Item {
            item_id: text(obj.get("itemId")),
            status: status(obj.get("status")),
            event_status: status(obj.get("eventStatus")),
            estimated_time_of_arrival: text(obj.get("estimatedTimeOfArrival")),
            delivery_date: text(obj.get("deliveryDate")),
            return_date: text(obj.get("returnDate")),
            is_placed_in_retail_parcel_box: flag(obj.get("isPlacedInRetailParcelBox")),
            events: objects(events).map(Event::from_json).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Event {
    pub(crate) event_time: Option<String>,
    /// Free text in PostNord's schema; in practice one of the status codes.
    pub(crate) status: Option<ShipmentStatus>,
    /// Already localised by PostNord.
    pub(crate) event_description: Option<String>,
    pub(crate) location: Option<Location>,
}

impl Event {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Event {
            event_time: text(obj.get("eventTime")),
            status: status(obj.get("status")),
            event_description: text(obj.get("eventDescription")),
            location: object(obj.get("location")).map(Location::from_json),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Location {
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) city: Option<String>,
}

impl Location {
    pub(crate) fn from_json(obj: &Map<String, Value>) -> Self {
        Location {
            display_name: text(obj.get("displayName")),
            name: text(obj.get("name")),
            city: text(obj.get("city")),
        }
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
    }

    #[test]
    fn expected_delay() {
        let s = shipment("370735419000045233.json");
        assert_eq!(s.status, Some(ShipmentStatus::ExpectedDelay));
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
    }

    #[test]
    fn delivery_impossible() {
        let s = shipment("370735419000046186.json");
        assert_eq!(s.status, Some(ShipmentStatus::DeliveryImpossible));
        let item = only_item(&s);
        assert!(
            event_statuses(item).contains(&Some(ShipmentStatus::DeliveryImpossible)),
            "failed attempt"
        );
    }

    #[test]
    fn delivery_refused() {
        let s = shipment("RB123456785GB.json");
        assert_eq!(s.status, Some(ShipmentStatus::DeliveryRefused));
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
        assert_eq!(
            text(&item.events[0].event_time),
            "2025-11-06T10:14:00-07:00"
        );
    }

    #[test]
    fn split_shipment_has_items_with_different_statuses() {
        let s = shipment("70724760120000880.json");
        assert_eq!(s.status, Some(ShipmentStatus::Split));
        let statuses: Vec<_> = s.items.iter().map(|i| i.status).collect();
        assert_eq!(
            statuses,
            vec![
                Some(ShipmentStatus::Delivered),
                Some(ShipmentStatus::AvailableForDelivery),
                Some(ShipmentStatus::EnRoute),
            ]
        );
        assert_eq!(text(&s.items[0].item_id), "370724760120000911");
    }

    #[test]
    fn other() {
        let s = shipment("370735419000047022.json");
        assert_eq!(s.status, Some(ShipmentStatus::Other));
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
    }

    #[test]
    fn times_without_offset_and_three_letter_countries() {
        let s = shipment("370724760120014727.json");
        assert_eq!(s.status, Some(ShipmentStatus::Delivered));
        assert_eq!(text(&s.delivery_date), "2025-11-14T13:47:00");
        let item = only_item(&s);
        assert_eq!(item.events.len(), 6);
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
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].events.len(), 1);
        assert_eq!(s.items[0].events[0].status, None);
        assert_eq!(s.items[0].is_placed_in_retail_parcel_box, Some(true));
        let point = s.delivery_point.as_ref().expect("delivery point");
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
        for status in ShipmentStatus::ALL {
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
