//! The XML Schema 1.1 lexical forms of dates, times and timezone offsets,
//! read strictly and written in their canonical form.
//!
//! Reading never guesses: a field out of range, a missing part or a
//! fraction finer than nanoseconds (with a non-zero digit past the ninth)
//! is `None`, which the callers turn into a decode error naming the type.

use jiff::civil;
use jiff::tz::Offset;

/// A cursor over ASCII text.
pub(super) struct Scan<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Scan { s: text.as_bytes(), i: 0 }
    }

    pub(super) fn done(&self) -> bool {
        self.i == self.s.len()
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Consumes `b` if it comes next.
    pub(super) fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.i += 1;
        }
        hit
    }

    pub(super) fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    /// A run of at least one ASCII digit, as text.
    pub(super) fn digits(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let run = self.s.get(start..self.i)?;
        if run.is_empty() { None } else { std::str::from_utf8(run).ok() }
    }

    /// Exactly `n` digits as a number.
    fn fixed(&mut self, n: usize) -> Option<i32> {
        let run = self.s.get(self.i..self.i + n)?;
        if !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        std::str::from_utf8(run).ok()?.parse().ok()
    }
}

/// `-?YYYY-MM-DD`: four or more year digits (no leading zero beyond four).
pub(super) fn date(s: &mut Scan<'_>) -> Option<civil::Date> {
    let negative = s.eat(b'-');
    let year = s.digits()?;
    if year.len() < 4 || (year.len() > 4 && year.starts_with('0')) {
        return None;
    }
    // Beyond jiff's range (-9999..=9999) the value cannot be held.
    let year: i16 = year.parse().ok()?;
    let year = if negative { -year } else { year };
    s.expect(b'-')?;
    let month = i8::try_from(s.fixed(2)?).ok()?;
    s.expect(b'-')?;
    let day = i8::try_from(s.fixed(2)?).ok()?;
    civil::Date::new(year, month, day).ok()
}

/// `hh:mm:ss(.s+)?`, and whether it was `24:00:00` (the end of the day,
/// which the callers turn into midnight of the next day).
pub(super) fn time(s: &mut Scan<'_>) -> Option<(civil::Time, bool)> {
    let hour = s.fixed(2)?;
    s.expect(b':')?;
    let minute = s.fixed(2)?;
    s.expect(b':')?;
    let second = s.fixed(2)?;
    let nanos = if s.eat(b'.') { fraction(s.digits()?)? } else { 0 };
    if hour == 24 && minute == 0 && second == 0 && nanos == 0 {
        return Some((civil::Time::midnight(), true));
    }
    let t = civil::Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        nanos,
    );
    Some((t.ok()?, false))
}

/// Fraction digits as nanoseconds: any length, as long as nothing past
/// the ninth digit is lost.
pub(super) fn fraction(digits: &str) -> Option<i32> {
    let (kept, rest) = digits.split_at(digits.len().min(9));
    if !rest.bytes().all(|b| b == b'0') {
        return None;
    }
    let scale = 10i32.checked_pow(u32::try_from(9 - kept.len()).ok()?)?;
    kept.parse::<i32>().ok()?.checked_mul(scale)
}

/// An optional timezone: `Z` or `(+|-)hh:mm` up to 14:00.
pub(super) fn offset(s: &mut Scan<'_>) -> Option<Option<Offset>> {
    if s.eat(b'Z') {
        return Some(Some(Offset::UTC));
    }
    let sign = match s.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Some(None),
    };
    s.i += 1;
    let hours = s.fixed(2)?;
    s.expect(b':')?;
    let minutes = s.fixed(2)?;
    if minutes > 59 || hours * 60 + minutes > 14 * 60 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok().map(Some)
}

/// Whether XML Schema can write `offset`: whole minutes within ±14:00.
pub(super) fn offset_fits(offset: Offset) -> bool {
    let seconds = offset.seconds();
    seconds % 60 == 0 && seconds.abs() <= 14 * 3600
}

pub(super) fn write_date(out: &mut String, d: civil::Date) {
    let year = i32::from(d.year());
    let sign = if year < 0 { "-" } else { "" };
    out.push_str(&format!("{sign}{:04}-{:02}-{:02}", year.abs(), d.month(), d.day()));
}

/// `hh:mm:ss` and the fraction without trailing zeros.
pub(super) fn write_time(out: &mut String, t: civil::Time) {
    out.push_str(&format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()));
    let nanos = t.subsec_nanosecond();
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// `Z` for UTC, `(+|-)hh:mm` otherwise, nothing without an offset.
pub(super) fn write_offset(out: &mut String, offset: Option<Offset>) {
    let Some(offset) = offset else { return };
    let seconds = offset.seconds();
    if seconds == 0 {
        out.push('Z');
        return;
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    out.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
}
