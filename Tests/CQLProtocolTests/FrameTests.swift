import CQLProtocol
import NIOCore
import Testing

@Suite("CQL frames")
struct FrameTests {
    @Test("OPTIONS and READY frames have the spec's 9-byte header")
    func knownHeaders() throws {
        #expect(contents(Frame.encode(RequestMessage.options, stream: 1)) == hex("04 00 0001 05 00000000"))
        #expect(contents(Frame.encode(ResponseMessage.ready, stream: 1)) == hex("84 00 0001 02 00000000"))
        #expect(contents(Frame.encode(ResponseMessage.ready, stream: -1)) == hex("84 00 FFFF 02 00000000"))
    }

    @Test("STARTUP {CQL_VERSION: 3.0.0}, as drivers send it")
    func startupBytes() throws {
        let expected = hex("04 00 0000 01 00000016 0001 000B") + bytes("CQL_VERSION") + hex("0005") + bytes("3.0.0")
        let encoded = Frame.encode(RequestMessage.startup(["CQL_VERSION": "3.0.0"]), stream: 0)
        #expect(contents(encoded) == expected)
        let decoded = try frame(encoded)
        #expect(decoded.header == FrameHeader(version: 0x04, stream: 0, opcode: .startup, length: 22))
        #expect(try decoded.requestMessage() == .startup(["CQL_VERSION": "3.0.0"]))
    }

    @Test("the decoder waits for a whole frame, and splits back-to-back frames")
    func partialAndPipelined() throws {
        var input = Frame.encode(RequestMessage.query("SELECT 1", QueryParameters()), stream: 7)
        input.writeImmutableBuffer(Frame.encode(RequestMessage.options, stream: 8))
        let whole = input
        for cut in [0, 5, 9, 15] {
            var partial = whole.getSlice(at: 0, length: cut)!
            #expect(try FrameDecoder.decodeFrame(from: &partial, maxFrameBytes: 1 << 20) == nil)
            #expect(partial.readableBytes == cut)  // nothing consumed
        }
        let first = try FrameDecoder.decodeFrame(from: &input, maxFrameBytes: 1 << 20)
        let second = try FrameDecoder.decodeFrame(from: &input, maxFrameBytes: 1 << 20)
        #expect(first?.header.stream == 7)
        #expect(try first?.requestMessage() == .query("SELECT 1", QueryParameters()))
        #expect(second?.header.opcode == .options)
        #expect(input.readableBytes == 0)
    }

    @Test("a v5 or DSE probe decodes, surfacing its version byte")
    func probes() throws {
        for version: UInt8 in [0x05, 0x06, 0x41, 0x42] {
            let probe = try frame(buffer([version] + hex("00 0000 05 00000000")))
            #expect(probe.header.version == version)
            #expect(probe.header.protocolVersion == version)
            #expect(!probe.header.isResponse)
        }
    }

    @Test("negative and oversized body lengths are rejected, naming the stream")
    func badLengths() {
        var negative = buffer(hex("04 00 0003 07 FFFFFFFF"))
        #expect(throws: CQLWireError("frame body length", "-1 is negative", stream: 3)) {
            try FrameDecoder.decodeFrame(from: &negative, maxFrameBytes: FrameDecoder.defaultMaxFrameBytes)
        }
        var huge = buffer(hex("04 00 0004 07 10000001"))
        #expect(throws: CQLWireError("frame body length", "268435457 bytes exceeds the limit of 268435456", stream: 4)) {
            try FrameDecoder.decodeFrame(from: &huge, maxFrameBytes: FrameDecoder.defaultMaxFrameBytes)
        }
    }

    @Test("a compressed body, an unknown opcode or a response opcode in a request are errors")
    func badBodies() throws {
        let compressed = try frame(buffer(hex("04 01 0002 05 00000000")))
        #expect(throws: CQLWireError("frame flags", "compressed body, but no compression was agreed in STARTUP", stream: 2)) {
            try compressed.requestMessage()
        }
        let unknown = try frame(buffer(hex("04 00 0002 42 00000000")))
        #expect(throws: CQLWireError("opcode 0x42", "not a request message", stream: 2)) {
            try unknown.requestMessage()
        }
        let result = try frame(buffer(hex("04 00 0002 08 00000000")))
        #expect(throws: CQLWireError("RESULT", "not a request message", stream: 2)) { try result.requestMessage() }
    }

    @Test("a response's tracing id, warnings and custom payload are skipped")
    func responseEnvelope() throws {
        let body = Array(repeating: UInt8(0xAB), count: 16) + hex("0001 0004") + bytes("warn") + hex("0001 0001 6B 00000001 01")
            + hex("00000001")
        let traced = try frame(buffer(hex("84 0E 0005 08") + [0, 0, 0, UInt8(body.count)] + body))
        #expect(try traced.responseMessage() == .result(.void))
    }

    @Test("a request's custom payload is skipped")
    func requestPayload() throws {
        let body = hex("0001 0001 6B 00000000") + hex("00000004") + bytes("USE ") + hex("0001 00")
        let withPayload = try frame(buffer(hex("04 04 0005 07") + [0, 0, 0, UInt8(body.count)] + body))
        #expect(try withPayload.requestMessage() == .query("USE ", QueryParameters(consistency: .one)))
    }
}
