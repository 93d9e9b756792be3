//! Dates: the one place where seconds since the Unix epoch become calendar dates and back.
//!
//! Method. The calendar arithmetic is the `time` crate's (already in the tree through zip);
//! this module only fixes folio's conventions: everything is UTC, and a moment outside what
//! the output formats can hold (years 0 to 9999) is clamped to the nearest one they can.
//! The loader turns a book's date into seconds (`day_start`); the editions turn
//! `SOURCE_DATE_EPOCH` or that date back into the forms their files want.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// The first and last moments the date forms below can write.
fn range() -> (OffsetDateTime, OffsetDateTime) {
    let first = Date::from_calendar_date(0, Month::January, 1).unwrap_or(Date::MIN);
    let last = Date::from_calendar_date(9999, Month::December, 31).unwrap_or(Date::MAX);
    (
        first.midnight().assume_utc(),
        PrimitiveDateTime::new(last, Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT))
            .assume_utc(),
    )
}

/// Seconds since 1970-01-01T00:00:00Z (negative ones too) as a UTC date and time, clamped to
/// the years 0 to 9999.
pub fn utc(timestamp: i64) -> OffsetDateTime {
    let (first, last) = range();
    let clamped = timestamp.clamp(first.unix_timestamp(), last.unix_timestamp());
    OffsetDateTime::from_unix_timestamp(clamped).unwrap_or(first)
}

/// Year, month, day, hour, minute and second of a moment in UTC (see [`utc`]).
fn fields(timestamp: i64) -> [i32; 6] {
    let t = utc(timestamp);
    let (hour, minute, second) = t.to_hms();
    [
        t.year(),
        i32::from(u8::from(t.month())),
        i32::from(t.day()),
        i32::from(hour),
        i32::from(minute),
        i32::from(second),
    ]
}

/// ISO 8601 in UTC, `CCYY-MM-DDThh:mm:ssZ`: the EPUB's `dcterms:modified` and XMP dates.
pub fn iso8601(timestamp: i64) -> String {
    let [y, mo, d, h, mi, s] = fields(timestamp);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// A PDF date string (ISO 32000-1, 7.9.4) in UTC: `D:YYYYMMDDHHmmSS+00'00'`.
pub fn pdf(timestamp: i64) -> String {
    let [y, mo, d, h, mi, s] = fields(timestamp);
    format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+00'00'")
}

/// The number of days in `month` (1 to 12) of `year`; None for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> Option<u8> {
    Month::try_from(month).ok().map(|m| m.length(year))
}

/// Seconds since the epoch of the first moment (UTC) of a day; None for a day that does not
/// exist or a year outside -9999 to 9999.
pub fn day_start(year: i32, month: u8, day: u8) -> Option<i64> {
    let month = Month::try_from(month).ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_in_the_forms_the_files_want() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(pdf(0), "D:19700101000000+00'00'");
        // A leap day, and the second before the epoch.
        assert_eq!(iso8601(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(pdf(1_709_214_307), "D:20240229134507+00'00'");
    }

    #[test]
    fn moments_no_file_can_hold_are_clamped() {
        assert_eq!(iso8601(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(pdf(i64::MIN), "D:00000101000000+00'00'");
    }

    #[test]
    fn days_and_months_are_real_ones() {
        assert_eq!(day_start(1970, 1, 1), Some(0));
        assert_eq!(day_start(2015, 1, 1), Some(1_420_070_400));
        assert_eq!(day_start(2015, 2, 29), None);
        assert_eq!(day_start(2015, 13, 1), None);
        assert_eq!(days_in_month(2016, 2), Some(29));
        assert_eq!(days_in_month(1900, 2), Some(28));
        assert_eq!(days_in_month(2015, 0), None);
    }
}
