import Foundation
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@Suite("KafkaConnection", .timeLimit(.minutes(1)))
struct KafkaConnectionTests {
    /// The broker's ranges for the negotiation test.
    static let offered = [
        ApiVersions.Range(apiKey: ApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 2),
        ApiVersions.Range(apiKey: ApiKey.metadata.rawValue, minVersion: 0, maxVersion: 5),
        ApiVersions.Range(apiKey: ApiKey.fetch.rawValue, minVersion: 0, maxVersion: 15),
        ApiVersions.Range(apiKey: ApiKey.produce.rawValue, minVersion: 9, maxVersion: 12),
        ApiVersions.Range(apiKey: 1000, minVersion: 0, maxVersion: 1),
    ]

    @Test("ApiVersions v3 answered with UNSUPPORTED_VERSION falls back to the broker's version; each API gets min(broker max, our max)")
    func negotiation() async throws {
        let seen = Versions()
        let broker = try await FakeBroker { header, _ in
            seen.append(header.apiVersion)
            guard header.apiVersion <= 2 else {
                // What Kafka does: error 35 in a v0 body listing ApiVersions' own range.
                return ApiVersions.Response(errorCode: .unsupportedVersion, apiKeys: [Self.offered[0]]).body(version: 0)
            }
            return ApiVersions.Response(apiKeys: Self.offered).body(version: header.apiVersion)
        }
        let connection = try await KafkaConnection.connect(to: try BrokerAddress(broker.address))
        #expect(seen.all == [3, 2])
        let versions = await connection.versions
        #expect(versions[.metadata] == 5, "min(broker 5, ours 8)")
        #expect(versions[.fetch] == 11, "min(broker 15, ours 11)")
        #expect(versions[.produce] == nil, "no overlap: broker 9-12, ours 3-8")
        #expect(versions[.listOffsets] == nil, "not offered")
        await #expect(throws: KafkaClientError.unsupportedApi(.produce, try BrokerAddress(broker.address))) {
            try await connection.send(Produce.Request(topics: []))
        }
        await connection.close()
        await broker.stop()
    }

    @Test("a request with no answer times out, closes the connection and fails what else waits")
    func timeout() async throws {
        let broker = try await FakeBroker { header, _ in
            header.api == .apiVersions ? ApiVersions.Response().body(version: header.apiVersion) : nil
        }
        var configuration = KafkaConnection.Configuration()
        configuration.requestTimeout = .milliseconds(200)
        let address = try BrokerAddress(broker.address)
        let connection = try await KafkaConnection.connect(to: address, configuration: configuration)
        async let first = outcome { try await connection.send(Metadata.Request(topics: ["t"])) }
        async let second = outcome { try await connection.send(FindCoordinator.Request(key: "g"), extraTimeout: .seconds(5)) }
        let (one, two) = await (first, second)
        #expect(throws: KafkaClientError.requestTimedOut(address, api: .metadata)) { try one.get() }
        #expect(throws: KafkaClientError.requestTimedOut(address, api: .metadata)) { try two.get() }
        #expect(await connection.isClosed)
        await broker.stop()
    }
}

/// The versions a fake broker saw, from its connection tasks.
final class Versions: @unchecked Sendable {
    private let lock = NSLock()
    private var versions: [Int16] = []
    func append(_ version: Int16) { lock.withLock { versions.append(version) } }
    var all: [Int16] { lock.withLock { versions } }
}

/// What `body` returned or threw.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
