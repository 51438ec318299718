//! Conversions both ways: lexical text -> typed value -> text.

use jiff::civil;
use jiff::tz::Offset;
use jiff::{Span, Timestamp, ToSpan as _};

use super::*;
use crate::rt::{DecodeErrorKind, DecodeOptions};

fn offset(seconds: i32) -> Option<Offset> {
    Some(Offset::from_seconds(seconds).unwrap())
}

#[test]
fn date_times_keep_their_zone_or_its_absence() {
    let dt = civil::date(2026, 3, 1).at(9, 30, 0, 0);
    for (text, zone) in [
        ("2026-03-01T09:30:00Z", offset(0)),
        ("2026-03-01T09:30:00+05:30", offset(5 * 3600 + 1800)),
        ("2026-03-01T09:30:00-14:00", offset(-14 * 3600)),
        ("2026-03-01T09:30:00", None),
    ] {
        let v: DateTime = text.parse().unwrap();
        assert_eq!((v.value(), v.offset()), (dt, zone), "{text}");
        assert_eq!(v.to_string(), text, "round trip");
        assert_eq!(DateTime::new(dt, zone).unwrap(), v);
    }
    // The same instant in two zones: different values, equal timestamps.
    let utc: DateTime = "2026-03-01T04:00:00Z".parse().unwrap();
    let india: DateTime = "2026-03-01T09:30:00+05:30".parse().unwrap();
    assert_ne!(utc, india);
    assert_eq!(utc.to_timestamp(), india.to_timestamp());
    assert_eq!(utc.to_timestamp(), Some("2026-03-01T04:00:00Z".parse::<Timestamp>().unwrap()));
    // "+00:00" is UTC, written canonically.
    assert_eq!("2026-03-01T04:00:00+00:00".parse::<DateTime>().unwrap(), utc);
}

#[test]
fn conversions_from_jiff_values() {
    let ts: Timestamp = "2026-03-01T04:00:00.5Z".parse().unwrap();
    assert_eq!(DateTime::from(ts).to_string(), "2026-03-01T04:00:00.5Z");
    assert_eq!(DateTime::from(ts).to_timestamp(), Some(ts));
    let local = DateTime::from(civil::date(1999, 12, 31).at(23, 59, 59, 0));
    assert_eq!(local.to_string(), "1999-12-31T23:59:59");
    let zoned = ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset(-3 * 3600 - 1800).unwrap()));
    assert_eq!(DateTime::try_from(&zoned).unwrap().to_string(), "2026-03-01T00:30:00.5-03:30");
    // XML Schema offsets are whole minutes within 14 hours.
    assert!(DateTime::new(civil::DateTime::default(), offset(61)).is_err());
    assert!(Time::new(civil::Time::midnight(), offset(15 * 3600)).is_err());
    assert_eq!(Date::from(civil::date(2026, 2, 28)).to_string(), "2026-02-28");
    assert_eq!(Time::from(civil::time(7, 5, 3, 0)).to_string(), "07:05:03");
}

#[test]
fn fractions_of_any_length_without_losing_a_digit() {
    for (text, nanos, canonical) in [
        ("12:00:00.5", 500_000_000, "12:00:00.5"),
        ("12:00:00.500", 500_000_000, "12:00:00.5"),
        ("12:00:00.123456789", 123_456_789, "12:00:00.123456789"),
        ("12:00:00.1234567890000", 123_456_789, "12:00:00.123456789"),
        ("12:00:00.000000001Z", 1, "12:00:00.000000001Z"),
    ] {
        let t: Time = text.parse().unwrap();
        assert_eq!(t.value().subsec_nanosecond(), nanos, "{text}");
        assert_eq!(t.to_string(), canonical);
        assert_eq!(canonical.parse::<Time>().unwrap(), t);
    }
    // A tenth digit that is not zero cannot be held: an error, not rounding.
    assert!("12:00:00.1234567891".parse::<Time>().is_err());
    assert!("2026-01-01T12:00:00.0000000005Z".parse::<DateTime>().is_err());
}

#[test]
fn years_beyond_four_digits_negative_years_and_end_of_day() {
    let bce: Date = "-0044-03-15".parse().unwrap();
    assert_eq!(bce.value(), civil::date(-44, 3, 15));
    assert_eq!(bce.to_string(), "-0044-03-15");
    assert_eq!("0000-01-01".parse::<Date>().unwrap().value().year(), 0);
    let zoned: Date = "2026-03-01+13:00".parse().unwrap();
    assert_eq!((zoned.offset(), zoned.to_string().as_str()), (offset(13 * 3600), "2026-03-01+13:00"));
    // Beyond jiff's range, and a five-digit year with a leading zero.
    assert!("10000-01-01".parse::<Date>().is_err());
    assert!("09999-01-01".parse::<Date>().is_err());
    // 24:00:00 is the first instant of the next day.
    let eod: DateTime = "2026-12-31T24:00:00Z".parse().unwrap();
    assert_eq!(eod.to_string(), "2027-01-01T00:00:00Z");
    assert_eq!("24:00:00".parse::<Time>().unwrap().to_string(), "00:00:00");
    assert!("9999-12-31T24:00:00".parse::<DateTime>().is_err());
    assert!("24:00:01".parse::<Time>().is_err());
}

#[test]
fn malformed_values_are_errors_naming_the_type() {
    for bad in [
        "",
        "2026-03-01",
        "2026-3-01T00:00:00",
        "2026-02-30T00:00:00",
        "2026-13-01T00:00:00",
        "2026-03-01T00:60:00",
        "2026-03-01T00:00:60",
        "2026-03-01 00:00:00",
        "2026-03-01T00:00:00+15:00",
        "2026-03-01T00:00:00+05",
        "2026-03-01T00:00:00.Z",
        "2026-03-01T00:00:00Zjunk",
        "+2026-03-01T00:00:00",
    ] {
        let e = bad.parse::<DateTime>().unwrap_err();
        assert_eq!(
            e.kind,
            DecodeErrorKind::InvalidValue { expected: "dateTime", found: bad.into() },
            "{bad}"
        );
    }
    assert!("2026-03-01T00:00:00".parse::<Date>().is_err());
    assert!("12:00".parse::<Time>().is_err());
}

#[test]
fn durations_keep_calendar_units_and_sign() {
    for (text, span) in [
        ("P1Y2M3DT4H5M6S", 1.year().months(2).days(3).hours(4).minutes(5).seconds(6)),
        (
            "-P1Y2M3DT4H5M6.5S",
            1.year().months(2).days(3).hours(4).minutes(5).seconds(6).milliseconds(500).negate(),
        ),
        ("P1M", 1.month()),
        ("PT1M", 1.minute()),
        ("PT90M", 90.minutes()),
        ("PT0.000000001S", 1.nanosecond()),
        ("P400D", 400.days()),
        ("PT0S", Span::new()),
    ] {
        let d: Duration = text.parse().unwrap();
        assert_eq!(d, Duration::from(span), "{text}");
        assert_eq!(d.to_string(), text, "round trip");
    }
    assert_ne!("PT60M".parse::<Duration>().unwrap(), "PT1H".parse::<Duration>().unwrap());
    assert_eq!("P0Y0M0D".parse::<Duration>().unwrap().to_string(), "PT0S");
    assert_eq!(Duration::from(2.weeks().days(1)).to_string(), "P15D");
    assert_eq!(Duration::from(1500.milliseconds()).to_string(), "PT1.5S");
    for bad in [
        "",
        "P",
        "PT",
        "-P",
        "P1",
        "1Y",
        "P1H",
        "PT1D",
        "P1M1Y",
        "PT1.5M",
        "P1.5Y",
        "P1YT",
        "P-1Y",
        "P99999Y",
        "PT1.0000000001S",
    ] {
        assert!(bad.parse::<Duration>().is_err(), "{bad:?}");
    }
}

#[test]
fn decode_errors_carry_the_element_path() {
    let mut r = XmlReader::new(b"<when>yesterday</when>", DecodeOptions::default());
    let root = r.root().unwrap();
    let e = DateTime::from_xml(&mut r, &root).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::InvalidValue { expected: "dateTime", found: "yesterday".into() });
    let mut w = XmlWriter::new(false);
    "2026-03-01T09:30:00+05:30".parse::<DateTime>().unwrap().to_xml(&mut w, Name::local("when"));
    assert_eq!(w.finish().unwrap(), "<when>2026-03-01T09:30:00+05:30</when>");
}
