import Contracts
import Foundation

/// Reads one line of a `window-topk` input into a `HashtagEvent`, fast:
/// a byte scanner for the flat objects (and CSV rows) the job reads, with
/// Foundation's JSON parser as the fallback for escaped strings.
public enum HashtagEventParser {
    /// What parsing one line gave.
    public enum Parsed {
        case event(HashtagEvent)
        /// A blank line or a CSV header: not data, not an error.
        case skip
        case malformed
    }

    public static func parse(_ line: UnsafeRawBufferPointer, format: InputFormat) -> Parsed {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: " ") { end -= 1 }
        if end == 0 { return .skip }
        let trimmed = UnsafeRawBufferPointer(rebasing: line[0..<end])
        switch format {
        case .json: return parseJSON(trimmed)
        case .csv: return parseCSV(trimmed)
        }
    }

    // MARK: JSON

    static func parseJSON(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        var scanner = Scanner(bytes: bytes)
        var user: Int64?, hashtag: String?, ts: Int64?
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return .malformed }
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "}")) { return .malformed }
        while true {
            scanner.skipSpace()
            guard let key = scanner.rawString() else { return fallback(bytes) }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { return .malformed }
            scanner.skipSpace()
            switch key {
            case .userId:
                guard let n = scanner.integer() else { return .malformed }
                user = n
            case .ts:
                guard let n = scanner.integer() else { return .malformed }
                ts = n
            case .hashtag:
                guard let range = scanner.rawString(range: ()) else { return fallback(bytes) }
                hashtag = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            case .other:
                guard scanner.skipValue() else { return fallback(bytes) }
            }
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { return .malformed }
            scanner.skipSpace()
            guard scanner.atEnd else { return .malformed }
            break
        }
        guard let user, let hashtag, let ts, !hashtag.isEmpty else { return .malformed }
        return .event(HashtagEvent(userId: user, hashtag: hashtag, ts: ts))
    }

    /// Lines with escapes or nested values: Foundation's parser decides.
    static func fallback(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        struct Line: Decodable {
            let user_id: Int64
            let hashtag: String
            let ts: Int64
        }
        guard let line = try? JSONDecoder().decode(Line.self, from: Data(bytes)), !line.hashtag.isEmpty else { return .malformed }
        return .event(HashtagEvent(userId: line.user_id, hashtag: line.hashtag, ts: line.ts))
    }

    // MARK: CSV

    static func parseCSV(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(3)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: ",") {
            fields.append(start..<i)
            start = i + 1
        }
        fields.append(start..<bytes.count)
        guard fields.count == 3 else { return .malformed }
        func text(_ range: Range<Int>) -> Substring {
            var r = range
            if r.count >= 2, bytes[r.lowerBound] == UInt8(ascii: "\""), bytes[r.upperBound - 1] == UInt8(ascii: "\"") {
                r = (r.lowerBound + 1)..<(r.upperBound - 1)
            }
            return Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self))
        }
        guard let user = Scanner.integer(in: UnsafeRawBufferPointer(rebasing: bytes[fields[0]])),
              let ts = Scanner.integer(in: UnsafeRawBufferPointer(rebasing: bytes[fields[2]]))
        else {
            return text(fields[0]) == "user_id" && text(fields[2]) == "ts" ? .skip : .malformed
        }
        let hashtag = String(text(fields[1]))
        guard !hashtag.isEmpty else { return .malformed }
        return .event(HashtagEvent(userId: user, hashtag: hashtag, ts: ts))
    }
}

/// The keys `window-topk` reads.
enum EventKey { case userId, hashtag, ts, other }

/// A cursor over one line's bytes.
struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    var atEnd: Bool { at >= bytes.count }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// A key without escapes, classified; nil if it has escapes or is not a string.
    mutating func rawString() -> EventKey? {
        guard let range = rawString(range: ()) else { return nil }
        switch range.count {
        case 2 where bytes[range.lowerBound] == UInt8(ascii: "t") && bytes[range.lowerBound + 1] == UInt8(ascii: "s"):
            return .ts
        case 7:
            let key = UnsafeRawBufferPointer(rebasing: bytes[range])
            if memcmp(key.baseAddress!, Self.userId.utf8Start, 7) == 0 { return .userId }
            if memcmp(key.baseAddress!, Self.hashtag.utf8Start, 7) == 0 { return .hashtag }
            return .other
        default:
            return .other
        }
    }

    private static let userId: StaticString = "user_id"
    private static let hashtag: StaticString = "hashtag"

    /// The byte range inside a string without escapes; nil otherwise.
    mutating func rawString(range: Void) -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        let count = bytes.count
        while at < count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                return start..<(at - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            at += 1
        }
        return nil
    }

    /// A JSON integer (no fraction, no exponent), within Int64.
    mutating func integer() -> Int64? {
        let start = at
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") || bytes[at] | 0x20 == UInt8(ascii: "e") { return nil }
        return Self.integer(in: UnsafeRawBufferPointer(rebasing: bytes[start..<at]))
    }

    /// Skips a number, string or literal (true, false, null); false for
    /// anything it cannot skip simply (nested values, escapes).
    mutating func skipValue() -> Bool {
        guard at < bytes.count else { return false }
        if bytes[at] == UInt8(ascii: "\"") { return rawString(range: ()) != nil }
        let start = at
        while at < bytes.count, bytes[at] != UInt8(ascii: ","), bytes[at] != UInt8(ascii: "}"),
              bytes[at] != UInt8(ascii: "{"), bytes[at] != UInt8(ascii: "[") { at += 1 }
        return at > start && at < bytes.count && bytes[at] != UInt8(ascii: "{") && bytes[at] != UInt8(ascii: "[")
    }

    /// Decimal digits with an optional leading minus; nil if empty, not digits, or out of range.
    static func integer(in digits: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var negative = false
        if digits.count > 0, digits[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < digits.count, digits.count - i <= 19 else { return nil }
        var value: Int64 = 0
        while i < digits.count {
            let d = digits[i] &- 0x30
            guard d <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }
}
