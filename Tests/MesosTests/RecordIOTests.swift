import Foundation
import Mesos
import Testing

@Suite("RecordIO")
struct RecordIOTests {
    let records = [Data(#"{"type":"SUBSCRIBED"}"#.utf8), Data(#"{"type":"HEARTBEAT"}"#.utf8), Data("{}".utf8)]

    @Test("a record is its length, a newline and the bytes, nothing after")
    func framing() {
        #expect(RecordIO.frame(Data("{}".utf8)) == Data("2\n{}".utf8))
    }

    @Test("records come back whole however the bytes are split")
    func anySplit() throws {
        let stream = records.map(RecordIO.frame).reduce(Data(), +)
        for cut in 0...stream.count {
            var decoder = RecordIODecoder()
            let first = try decoder.feed(stream.prefix(cut))
            let rest = try decoder.feed(stream.dropFirst(cut))
            #expect(first + rest == records, "split at byte \(cut)")
        }
    }

    @Test("one byte at a time")
    func byteByByte() throws {
        var decoder = RecordIODecoder()
        var seen: [Data] = []
        for byte in records.map(RecordIO.frame).reduce(Data(), +) { seen += try decoder.feed([byte]) }
        #expect(seen == records)
    }

    @Test("a length that is not a number, or too long, is an error")
    func malformed() {
        var decoder = RecordIODecoder()
        #expect(throws: RecordIOError.self) { try decoder.feed(Data("x2\n{}".utf8)) }
        var small = RecordIODecoder(maxRecordBytes: 10)
        #expect(throws: RecordIOError.self) { try small.feed(Data("11\n".utf8)) }
        var endless = RecordIODecoder()
        #expect(throws: RecordIOError.self) { try endless.feed(Data("12345678901234567890".utf8)) }
    }
}
