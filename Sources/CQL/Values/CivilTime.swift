/// Calendar arithmetic and the date, time and timestamp text forms CQL
/// accepts, without `DateFormatter` (proleptic Gregorian, UTC unless an
/// offset is written).
public enum CivilTime {
    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count since 1970-01-01.
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `yyyy-mm-dd` for a day count.
    public static func formatDate(days: Int64) -> String {
        let (y, m, d) = civil(days: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `HH:MM:SS.nnnnnnnnn` for nanoseconds since midnight.
    public static func formatTime(nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(nanoseconds % 1_000_000_000, 9))"
    }

    /// `yyyy-mm-ddTHH:MM:SS.fffZ` for milliseconds since the epoch.
    public static func formatTimestamp(milliseconds: Int64) -> String {
        let (dayCount, msOfDay) = floorDivide(milliseconds, 86_400_000)
        let seconds = msOfDay / 1000
        return formatDate(days: dayCount)
            + "T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Milliseconds since the epoch from the forms Cassandra's `TimestampSerializer`
    /// accepts: `yyyy-mm-dd`, then optionally ` HH:MM`, `:SS`, `.fff`, with a
    /// space or `T` between, and an optional zone `Z`, `+hhmm`, `+hh:mm` or `+hh`
    /// (UTC when absent); or a plain integer of milliseconds.
    public static func parseTimestamp(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        var scanner = Scanner(text)
        guard let (y, m, d) = scanner.date() else { return nil }
        var ms = days(year: y, month: m, day: d) * 86_400_000
        if scanner.take(" ") || scanner.take("T") {
            guard let hour = scanner.digits(2, max: 23), scanner.take(":"), let minute = scanner.digits(2, max: 59) else { return nil }
            ms += (hour * 3600 + minute * 60) * 1000
            if scanner.take(":") {
                guard let second = scanner.digits(2, max: 59) else { return nil }
                ms += second * 1000
                if scanner.take(".") {
                    guard let (fraction, count) = scanner.fraction(), count <= 9 else { return nil }
                    ms += fraction * 1000 / power10(count)
                }
            }
        }
        scanner.skipSpaces()
        if scanner.take("Z") || scanner.take("z") {
        } else if let sign = scanner.peek, sign == "+" || sign == "-" {
            _ = scanner.take(sign)
            guard let hours = scanner.digits(2, max: 23) else { return nil }
            _ = scanner.take(":")
            let minutes = scanner.isAtEnd ? 0 : scanner.digits(2, max: 59)
            guard let minutes else { return nil }
            let offset = (hours * 60 + minutes) * 60_000
            ms += sign == "+" ? -offset : offset
        }
        return scanner.isAtEnd ? ms : nil
    }

    /// Days since 1970-01-01 from `yyyy-mm-dd`.
    public static func parseDate(_ text: String) -> Int64? {
        var scanner = Scanner(text)
        guard let (y, m, d) = scanner.date(), scanner.isAtEnd else { return nil }
        return days(year: y, month: m, day: d)
    }

    /// Nanoseconds since midnight from `HH:MM:SS[.fffffffff]`.
    public static func parseTime(_ text: String) -> Int64? {
        var scanner = Scanner(text)
        guard let hour = scanner.digits(2, max: 23), scanner.take(":"), let minute = scanner.digits(2, max: 59),
              scanner.take(":"), let second = scanner.digits(2, max: 59) else { return nil }
        var nanos = ((hour * 60 + minute) * 60 + second) * 1_000_000_000
        if scanner.take(".") {
            guard let (fraction, count) = scanner.fraction(), count <= 9 else { return nil }
            nanos += fraction * power10(9 - count)
        }
        return scanner.isAtEnd ? nanos : nil
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    static func power10(_ n: Int) -> Int64 { (0..<n).reduce(1) { value, _ in value * 10 } }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Reads the pieces of a date or time text.
    struct Scanner {
        let chars: [Character]
        var index = 0

        init(_ text: String) { chars = Array(text.trimmingSpaces) }

        var isAtEnd: Bool { index == chars.count }
        var peek: Character? { index < chars.count ? chars[index] : nil }

        mutating func take(_ c: Character) -> Bool {
            guard peek == c else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() { while peek == " " { index += 1 } }

        /// Up to `count` digits (at least one), if the value is at most `max`.
        mutating func digits(_ count: Int, max: Int64) -> Int64? {
            var value: Int64 = 0, read = 0
            while read < count, let c = peek, let digit = c.wholeNumberValue, c.isASCII {
                value = value * 10 + Int64(digit); read += 1; index += 1
            }
            return read > 0 && value <= max ? value : nil
        }

        mutating func fraction() -> (Int64, Int)? {
            var value: Int64 = 0, read = 0
            while let c = peek, let digit = c.wholeNumberValue, c.isASCII, read < 18 {
                value = value * 10 + Int64(digit); read += 1; index += 1
            }
            return read > 0 ? (value, read) : nil
        }

        mutating func date() -> (Int64, Int64, Int64)? {
            let negative = take("-")
            guard let year = digits(9, max: 999_999_999), take("-"),
                  let month = digits(2, max: 12), month >= 1, take("-"),
                  let day = digits(2, max: 31), day >= 1 else { return nil }
            return (negative ? -year : year, month, day)
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}
