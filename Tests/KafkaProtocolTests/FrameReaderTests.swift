import KafkaProtocol
import NIOCore
import NIOEmbedded
import Testing

@Suite("Kafka frame reader")
struct FrameReaderTests {
    /// Three frames of 10, 8 and 70,000 bytes, each byte telling its frame and position.
    static let frames: [[UInt8]] = [10, 8, 70_000].enumerated().map { index, size in
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) }
    }
    static let wire: [UInt8] = frames.flatMap { frame in
        withUnsafeBytes(of: Int32(frame.count).bigEndian, Array.init) + frame
    }

    /// Feeds `chunks` to a reader and returns the frames it passed on.
    func read(_ chunks: [ArraySlice<UInt8>], maxFrameBytes: Int = 1 << 20) throws -> (frames: [[UInt8]], channel: EmbeddedChannel) {
        let channel = EmbeddedChannel(handler: KafkaFrameReader.requests(maxFrameBytes: maxFrameBytes))
        var frames: [[UInt8]] = []
        for chunk in chunks {
            do { try channel.writeInbound(ByteBuffer(bytes: chunk)) } catch { break }
            while let frame = try channel.readInbound(as: ByteBuffer.self) { frames.append(Array(frame.readableBytesView)) }
        }
        return (frames, channel)
    }

    @Test("frames arriving in one read, split at any byte, or a byte at a time come out whole and in order")
    func splits() throws {
        let wire = Self.wire
        #expect(try read([wire[...]]).frames == Self.frames, "all in one read")
        let boundaries = [1, 2, 3, 4, 5, 13, 14, 15, 17, 18, 26, 29, 30, 31, 40, 35_000, wire.count - 1]
        for split in boundaries {
            #expect(try read([wire[..<split], wire[split...]]).frames == Self.frames, "split at byte \(split)")
        }
        let small = Array(wire[..<(4 + 10 + 4 + 8)])
        #expect(try read(small.indices.map { small[$0...$0] }).frames == Array(Self.frames[..<2]), "a byte at a time")
        let large = stride(from: 0, to: wire.count, by: 4_093).map { wire[$0..<min($0 + 4_093, wire.count)] }
        #expect(try read(large).frames == Self.frames, "in 4,093-byte reads")
    }

    @Test("a size below the smallest frame or above the limit is an error: the connection closes and nothing after it is read")
    func badSizes() throws {
        for size in [Int32(-1), 7, 1_000_001] {
            let bad = withUnsafeBytes(of: size.bigEndian, Array.init) + [UInt8](repeating: 0, count: 8)
            let (frames, channel) = try read([Self.wire[..<14], (bad + Self.wire)[...]], maxFrameBytes: 1_000_000)
            #expect(frames == [Self.frames[0]], "size \(size): only the frame before it")
            #expect(!channel.isActive, "size \(size): the connection is closed")
        }
    }
}
