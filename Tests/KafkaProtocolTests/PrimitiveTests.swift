import KafkaProtocol
import NIOCore
import Testing

@Suite("Kafka primitive types")
struct PrimitiveTests {
    static let varintCases: [(Int64, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-64, [0x7F]), (64, [0x80, 0x01]),
        (300, [0xD8, 0x04]), (Int64(Int32.max), [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test("zig-zag varints match the protocol guide's encoding", arguments: varintCases)
    func varints(value: Int64, bytes: [UInt8]) throws {
        var buffer = ByteBuffer()
        buffer.writeVarint(value)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(ByteBuffer.varintSize(value) == bytes.count)
        #expect(try buffer.readVarint("v") == value)
    }

    @Test("strings: classic, nullable and compact forms round-trip")
    func strings() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("chirps")
        buffer.writeKafkaNullableString(nil)
        buffer.writeKafkaCompactString("東京")
        buffer.writeKafkaCompactString(nil)
        #expect(Array(buffer.readableBytesView.prefix(8)) == [0x00, 0x06] + Array("chirps".utf8))
        #expect(try buffer.readKafkaNullableString("a") == "chirps")
        #expect(try buffer.readKafkaNullableString("b") == nil)
        #expect(try buffer.readKafkaCompactString("c") == "東京")
        #expect(try buffer.readKafkaCompactString("d") == nil)
        #expect(buffer.readableBytes == 0)
    }

    @Test("truncated or malformed input is an error that names the field, never a crash")
    func malformed() {
        var short = ByteBuffer(bytes: [0x00, 0x09, 0x61])
        #expect(throws: KafkaWireError("topic", "needs 9 bytes, 1 left")) { try short.readKafkaNullableString("topic") }
        var endless = ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 12))
        #expect(throws: KafkaWireError.self) { try endless.readVarint("count") }
        var badUTF8 = ByteBuffer(bytes: [0x00, 0x02, 0xC3, 0x28])
        #expect(throws: KafkaWireError("name", "not valid UTF-8")) { try badUTF8.readKafkaNullableString("name") }
        var tagged = ByteBuffer(bytes: [0x01, 0x00, 0x05, 0x01])
        #expect(throws: KafkaWireError.self) { try tagged.skipKafkaTaggedFields("header") }
    }
}
