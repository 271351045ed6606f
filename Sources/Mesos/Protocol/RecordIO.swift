import Foundation

/// Mesos' RecordIO framing of an event stream: each record is its length in
/// bytes as decimal ASCII, a newline, then the record itself (here JSON), and
/// nothing between records: `13\n{"type":"X"}`.
public enum RecordIO {
    /// One record, framed.
    public static func frame(_ record: Data) -> Data {
        var framed = Data("\(record.count)\n".utf8)
        framed.append(record)
        return framed
    }
}

/// Thrown when a RecordIO stream is not well formed.
public struct RecordIOError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Turns the bytes of a RecordIO stream, arriving in pieces of any size, back
/// into records.
public struct RecordIODecoder: Sendable {
    private var buffer: [UInt8] = []
    /// The largest record accepted (a guard against a corrupt length).
    public let maxRecordBytes: Int

    public init(maxRecordBytes: Int = 64 << 20) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// Adds `bytes` and returns every record now complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [Data] {
        buffer.append(contentsOf: bytes)
        var records: [Data] = []
        var start = 0
        while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let digits = buffer[start..<newline]
            guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ (0x30...0x39).contains($0) }),
                  let length = Int(String(decoding: digits, as: UTF8.self)) else {
                throw RecordIOError(description: "a RecordIO record must start with its length in decimal and a newline, got \(String(decoding: digits.prefix(20), as: UTF8.self).debugDescription)")
            }
            guard length <= maxRecordBytes else {
                throw RecordIOError(description: "a RecordIO record of \(length) bytes is over the limit of \(maxRecordBytes)")
            }
            guard buffer.count - (newline + 1) >= length else { break }
            records.append(Data(buffer[(newline + 1)..<(newline + 1 + length)]))
            start = newline + 1 + length
        }
        if start > 0 { buffer.removeFirst(start) }
        if buffer.count > 12, !buffer.prefix(13).contains(UInt8(ascii: "\n")) {
            throw RecordIOError(description: "a RecordIO record must start with its length in decimal and a newline")
        }
        return records
    }
}
