//! The UTC date of a timestamp, as in the credential scope, computed without a
//! calendar library on the signing path.

/// First second of 0001-01-01 UTC: Python's `datetime.MINYEAR`, below which the
/// official SDK cannot format a date at all.
pub(super) const MIN_DATE_TIMESTAMP: i64 = -62_135_596_800;
/// Last second of 9999-12-31 UTC: Python's `datetime.MAXYEAR`, and the last date that
/// still fits `YYYY-MM-DD`.
pub(super) const MAX_DATE_TIMESTAMP: i64 = 253_402_300_799;

/// UTC date `"YYYY-MM-DD"` of a unix timestamp, as used in the credential scope.
///
/// Saturates rather than panicking: timestamps before 0001-01-01T00:00:00Z give
/// `"0001-01-01"` and after 9999-12-31T23:59:59Z give `"9999-12-31"`. Inside that range
/// (the whole range of Python's `datetime`) the result equals the official SDK's.
///
/// ```
/// use tencentcloud_runtime::signing::utc_date;
///
/// assert_eq!(utc_date(0), "1970-01-01");
/// assert_eq!(utc_date(i64::MAX), "9999-12-31");
/// ```
pub fn utc_date(timestamp: i64) -> String {
    Day::of(timestamp).date()
}

/// The UTC day of a timestamp: its number (days since 1970-01-01) and its date text,
/// on the stack, computed without a calendar library on the signing path.
pub(super) struct Day {
    pub(super) number: i64,
    pub(super) date: [u8; 10],
}

impl Day {
    pub(super) fn of(timestamp: i64) -> Self {
        let number = timestamp
            .clamp(MIN_DATE_TIMESTAMP, MAX_DATE_TIMESTAMP)
            .div_euclid(86_400);
        let (year, month, day) = civil_from_days(number);
        let mut date = *b"0000-00-00";
        write_digits(&mut date[0..4], year);
        write_digits(&mut date[5..7], month);
        write_digits(&mut date[8..10], day);
        Day { number, date }
    }

    pub(super) fn date(&self) -> String {
        String::from_utf8_lossy(&self.date).into_owned()
    }
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01, by
/// Howard Hinnant's `civil_from_days`: exact for every day of years 1 to 9999, the
/// only ones [`Day::of`] passes in.
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Years 1..=9999, months 1..=12 and days 1..=31 all fit.
    let fit = |n: i64| u32::try_from(n).unwrap_or(0);
    (fit(year), fit(month), fit(day))
}

/// Writes `n` in decimal into all of `out`, zero-padded on the left.
fn write_digits(out: &mut [u8], mut n: u32) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}
