//! Plain-HTTP GET routes beside the SOAP services, for APIs that have one
//! next to their SOAP service: Brekeke's third-party call control URL
//! (`/pbx/3pcc?to=..&from=..`) answers `succeeded: <id>` as text. A route
//! gets the request's query string and answers text (HTTP 200,
//! `text/plain`); credentials are checked as for SOAP requests.

use std::sync::Arc;

/// What a text route answers for a query string (empty without one).
pub type TextHandler = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// A mounted text route.
#[derive(Clone)]
pub(crate) struct TextRoute(pub TextHandler);

impl std::fmt::Debug for TextRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextRoute(..)")
    }
}
