import Foundation
import KafkaProtocol
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw TCP connection to the broker, for sending bytes no client would.
final class RawConnection {
    let socket: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw BrokerTestError("cannot connect to 127.0.0.1:\(port)") }
    }

    deinit { close(socket) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
    }

    /// The next bytes from the broker; empty when it closed the connection.
    func receive() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
        return n > 0 ? Array(buffer.prefix(n)) : []
    }
}

/// A request frame: size, api key, version, correlation id, client id, body.
func frame(apiKey: Int16, version: Int16, correlationID: Int32 = 7, body: [UInt8] = []) -> [UInt8] {
    func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    let payload = be(apiKey) + be(version) + be(correlationID) + be(Int16(4)) + Array("test".utf8) + body
    return be(Int32(payload.count)) + payload
}

@Suite("box broker and bad input", .serialized)
struct BadInputTests {
    @Test("a malformed frame, an unknown API and a wrong version close that connection; the broker keeps serving")
    func closesBadConnections() throws {
        let broker = try RunningBroker()
        let badSize = try RawConnection(port: broker.port)
        badSize.send([0xFF, 0xFF, 0xFF, 0xFB, 1, 2, 3])
        #expect(badSize.receive().isEmpty, "a negative frame size closes the connection")
        let unknown = try RawConnection(port: broker.port)
        unknown.send(frame(apiKey: 999, version: 0))
        #expect(unknown.receive().isEmpty, "an unknown API key closes the connection")
        let huge = try RawConnection(port: broker.port)
        huge.send([0x7F, 0xFF, 0xFF, 0xFF, 0, 18, 0, 0])
        #expect(huge.receive().isEmpty, "a frame size over the request limit closes the connection")
        let garbage = try RawConnection(port: broker.port)
        garbage.send(frame(apiKey: 3, version: 4, body: [0x7F, 0xFF, 0xFF, 0xFF]))
        #expect(garbage.receive().isEmpty, "a Metadata body that lies about its array size closes the connection")

        let future = try RawConnection(port: broker.port)
        future.send(frame(apiKey: 18, version: 9))
        let reply = future.receive()
        #expect(reply == [0, 0, 0, 16, 0, 0, 0, 7, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 3],
                "an unsupported ApiVersions version gets error 35 in a v0 body listing ApiVersions 0-3")

        let (status, output) = try runTool("kcat", ["-b", broker.address, "-L"])
        #expect(status == 0 && output.contains("broker 0 at"), "the broker still serves other connections")
    }

    @Test("a CRC-corrupt batch is refused with CORRUPT_MESSAGE and nothing is stored; a good one on the same connection is taken")
    func corruptBatch() throws {
        let broker = try RawBrokerSession(try RunningBroker())
        var good = ByteBuffer()
        RecordBatch(baseTimestamp: 1_700_000_000_000, records: [
            Record(offsetDelta: 0, key: Array("k".utf8), value: Array("chirp".utf8)),
        ]).write(to: &good)
        var corrupt = Array(good.readableBytesView)
        corrupt[corrupt.count - 2] ^= 0x01
        #expect(try broker.produce(corrupt) == (ErrorCode.corruptMessage, -1))
        #expect(try broker.produce(Array(good.readableBytesView)) == (ErrorCode.none, 0), "the first good batch gets offset 0")
    }
}

extension BadInputTests {
    @Test("an idempotent producer's retried batch (same producer id and sequence) is stored once")
    func duplicateRetry() throws {
        let broker = try RawBrokerSession(try RunningBroker())
        func batch(sequence: Int32, value: String) -> [UInt8] {
            idempotentBatch(producerID: 4_000, sequence: sequence, values: [value])
        }
        #expect(try broker.produce(batch(sequence: 0, value: "a")) == (ErrorCode.none, 0))
        #expect(try broker.produce(batch(sequence: 0, value: "a")) == (ErrorCode.none, 0), "the retry gets the first offset back")
        #expect(try broker.produce(batch(sequence: 1, value: "b")) == (ErrorCode.none, 1), "and was not stored again")

        broker.broker.kill9()
        let restarted = try RawBrokerSession(try RunningBroker(data: broker.broker.data))
        #expect(try restarted.produce(batch(sequence: 1, value: "b")) == (ErrorCode.none, 1),
                "a retry after kill -9 and a restart is still recognised")
        #expect(try restarted.produce(batch(sequence: 2, value: "c")) == (ErrorCode.none, 2))
    }

    @Test("five batches in flight: any of the last five sent again is stored once; a skipped sequence is refused, then accepted in order")
    func inFlightWindow() throws {
        let broker = try RawBrokerSession(try RunningBroker())
        func batch(sequence: Int32, records: Int) -> [UInt8] {
            idempotentBatch(producerID: 5_000, sequence: sequence, values: (0..<records).map { "v\(sequence)-\($0)" })
        }
        // Six batches of 2 records: sequences 0, 2, 4, 6, 8, 10 at offsets 0, 2, ..., 10.
        for i in 0..<6 {
            #expect(try broker.produce(batch(sequence: Int32(2 * i), records: 2)) == (ErrorCode.none, Int64(2 * i)))
        }
        // A connection drop: the last five are all sent again, and each gets its first offset back.
        for i in 1..<6 {
            #expect(try broker.produce(batch(sequence: Int32(2 * i), records: 2)) == (ErrorCode.none, Int64(2 * i)),
                    "batch \(i) sent again is a duplicate")
        }
        // The sixth-newest is forgotten, as in Kafka: it is refused as out of order, not stored twice.
        #expect(try broker.produce(batch(sequence: 0, records: 2)).0 == ErrorCode.outOfOrderSequenceNumber)
        // A batch that overtook a failed one (sequence 14 before 12) is refused; in order, both go in.
        #expect(try broker.produce(batch(sequence: 14, records: 1)).0 == ErrorCode.outOfOrderSequenceNumber)
        #expect(try broker.produce(batch(sequence: 12, records: 2)) == (ErrorCode.none, 12))
        #expect(try broker.produce(batch(sequence: 14, records: 1)) == (ErrorCode.none, 14))
        // Another producer is not held to this one's sequence.
        #expect(try broker.produce(idempotentBatch(producerID: 5_001, sequence: 7, values: ["other"])) == (ErrorCode.none, 15))
    }

    @Test("after kill -9 and a restart, retries of batches written before the last segment roll are still recognised (producer snapshots)")
    func retriesAcrossRolls() throws {
        // Segments of 1,024 bytes (the smallest the broker takes): every batch of two 300-byte records rolls the log.
        let broker = try RawBrokerSession(try RunningBroker(segmentBytes: 1_024))
        func batch(sequence: Int32) -> [UInt8] {
            idempotentBatch(producerID: 6_000, sequence: sequence, values: (0..<2).map { "\(sequence)-\($0)-" + String(repeating: "x", count: 300) })
        }
        for i in 0..<6 {
            #expect(try broker.produce(batch(sequence: Int32(2 * i))) == (ErrorCode.none, Int64(2 * i)))
        }
        broker.broker.kill9()
        let restarted = try RawBrokerSession(try RunningBroker(data: broker.broker.data, segmentBytes: 1_024))
        // The connection dropped before the answers came: the last five are sent again.
        for i in 1..<6 {
            #expect(try restarted.produce(batch(sequence: Int32(2 * i))) == (ErrorCode.none, Int64(2 * i)),
                    "batch \(i) (sequence \(2 * i)) sent again after the restart gets its first offset back, not a second copy or OUT_OF_ORDER_SEQUENCE_NUMBER; Partition.producerState(of:in:) rebuilds it from the producer snapshots")
        }
        #expect(try restarted.produce(batch(sequence: 12)) == (ErrorCode.none, 12), "the next new batch follows at offset 12")
    }

    /// A batch of an idempotent producer (epoch 0) holding `values`, its first at `sequence`.
    func idempotentBatch(producerID: Int64, sequence: Int32, values: [String]) -> [UInt8] {
        var buffer = ByteBuffer()
        RecordBatch(baseTimestamp: 1_700_000_000_000, producerID: producerID, producerEpoch: 0, baseSequence: sequence,
                    records: values.enumerated().map { Record(offsetDelta: Int32($0.offset), key: nil, value: Array($0.element.utf8)) })
            .write(to: &buffer)
        return Array(buffer.readableBytesView)
    }
}

extension BadInputTests {
    @Test("offset commits: a consumer outside group management may commit; a stale generation may not")
    func commitGenerations() throws {
        let session = try RawBrokerSession(try RunningBroker())
        #expect(try session.commit(group: "solo", generation: -1, memberID: "") == .none)
        #expect(try session.commit(group: "solo", generation: 3, memberID: "ghost") == .illegalGeneration)
    }
}

/// Produce requests over a raw connection, encoded with our codec.
struct RawBrokerSession {
    let broker: RunningBroker
    let connection: RawConnection

    init(_ broker: RunningBroker) throws {
        self.broker = broker
        connection = try RawConnection(port: broker.port)
    }

    /// Commits offset 1 of `raw-0` for `group` (OffsetCommit v7); returns the partition's error.
    func commit(group: String, generation: Int32, memberID: String) throws -> ErrorCode {
        let request = OffsetCommit.Request(groupID: group, generationID: generation, memberID: memberID, topics: [
            .init(name: "raw", partitions: [.init(partitionIndex: 0, committedOffset: 1)]),
        ])
        var body = ByteBuffer()
        request.write(to: &body, version: 7)
        connection.send(frame(apiKey: 8, version: 7, body: Array(body.readableBytesView)))
        var reply = ByteBuffer(bytes: connection.receive())
        guard reply.readableBytes > 8 else { throw BrokerTestError("the broker closed the connection instead of answering") }
        reply.moveReaderIndex(forwardBy: 8)
        return try OffsetCommit.Response.read(from: &reply, version: 7).topics[0].partitions[0].errorCode
    }

    /// Sends one batch to `raw-0` (Produce v3, acks=all); returns the partition's error and base offset.
    func produce(_ batch: [UInt8]) throws -> (ErrorCode, Int64) {
        let request = Produce.Request(acks: -1, timeoutMs: 5_000, topics: [
            .init(name: "raw", partitions: [.init(index: 0, records: ByteBuffer(bytes: batch))]),
        ])
        var body = ByteBuffer()
        request.write(to: &body, version: 3)
        connection.send(frame(apiKey: 0, version: 3, body: Array(body.readableBytesView)))
        var reply = ByteBuffer(bytes: connection.receive())
        guard reply.readableBytes > 8 else { throw BrokerTestError("the broker closed the connection instead of answering") }
        reply.moveReaderIndex(forwardBy: 8)  // size, correlation id
        let response = try Produce.Response.read(from: &reply, version: 3)
        let partition = response.topics[0].partitions[0]
        return (partition.errorCode, partition.baseOffset)
    }
}
