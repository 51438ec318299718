//! Typed values for the strings the Monema document enumerates.

use super::CMakeCallResponseResponse;

/// `status` of C_makeCallResponse: what happened when the source extension
/// was rung.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MakeCallStatus {
    /// `NO_SUCH_EXTENSION`: the extension is not valid.
    NoSuchExtension,
    /// `NO_ANSWER`: the source extension did not answer.
    NoAnswer,
    /// `ANSWERED`: the source extension answered.
    Answered,
    /// `BUSY`: the source extension is busy.
    Busy,
    /// `NOT_AVAILABLE`: the source extension is not available right now.
    NotAvailable,
    /// A value the document does not list, as sent.
    Unknown(String),
}

impl MakeCallStatus {
    pub fn as_str(&self) -> &str {
        match self {
            MakeCallStatus::NoSuchExtension => "NO_SUCH_EXTENSION",
            MakeCallStatus::NoAnswer => "NO_ANSWER",
            MakeCallStatus::Answered => "ANSWERED",
            MakeCallStatus::Busy => "BUSY",
            MakeCallStatus::NotAvailable => "NOT_AVAILABLE",
            MakeCallStatus::Unknown(s) => s,
        }
    }
}

/// As its lexical form (`"BUSY"`, or the unlisted value as sent).
#[cfg(feature = "serde")]
impl serde::Serialize for MakeCallStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for MakeCallStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Ok(MakeCallStatus::from(text.as_str()))
    }
}

impl From<&str> for MakeCallStatus {
    fn from(s: &str) -> Self {
        match s.trim() {
            "NO_SUCH_EXTENSION" => MakeCallStatus::NoSuchExtension,
            "NO_ANSWER" => MakeCallStatus::NoAnswer,
            "ANSWERED" => MakeCallStatus::Answered,
            "BUSY" => MakeCallStatus::Busy,
            "NOT_AVAILABLE" => MakeCallStatus::NotAvailable,
            other => MakeCallStatus::Unknown(other.to_owned()),
        }
    }
}

/// The result of C_makeCallResponse, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MakeCallResult {
    pub ok: bool,
    pub status: MakeCallStatus,
    /// Unique identifier of the call made.
    pub uniqueid: String,
}

impl From<CMakeCallResponseResponse> for MakeCallResult {
    fn from(r: CMakeCallResponseResponse) -> Self {
        MakeCallResult { ok: r.ok, status: MakeCallStatus::from(r.status.as_str()), uniqueid: r.uniqueid }
    }
}

/// The `type` filter of C_getCalls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CallFilter {
    /// No filter (an empty `type`).
    #[default]
    All,
    /// `outgoing`: calls made to external numbers.
    Outgoing,
    /// `incoming`: calls received from external numbers.
    Incoming,
    /// `internal`: calls between extensions.
    Internal,
}

impl CallFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            CallFilter::All => "",
            CallFilter::Outgoing => "outgoing",
            CallFilter::Incoming => "incoming",
            CallFilter::Internal => "internal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_keep_unknown_values() {
        for s in ["NO_SUCH_EXTENSION", "NO_ANSWER", "ANSWERED", "BUSY", "NOT_AVAILABLE", "CONGESTION"] {
            assert_eq!(MakeCallStatus::from(s).as_str(), s);
        }
        assert_eq!(MakeCallStatus::from("CONGESTION"), MakeCallStatus::Unknown("CONGESTION".into()));
        assert_eq!(MakeCallStatus::from(" BUSY\n"), MakeCallStatus::Busy);
    }
}
