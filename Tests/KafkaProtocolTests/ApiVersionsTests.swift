import KafkaProtocol
import NIOCore
import Testing

@Suite("Request header and ApiVersions")
struct ApiVersionsTests {
    @Test("header v1 and v2: the flexible one (ApiVersions v3+) ends in tagged fields, client_id stays int16-length")
    func headers() throws {
        var v2 = ByteBuffer(bytes: [0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07, 0x00, 0x04] + Array("kcat".utf8)
                            + [0x00] + [0x06] + Array("rdkaf".utf8) + [0x06] + Array("2.0.2".utf8) + [0x00])
        let header = try RequestHeader.read(from: &v2)
        #expect(header == RequestHeader(apiKey: 18, apiVersion: 3, correlationID: 7, clientID: "kcat"))
        #expect(header.api == .apiVersions && header.isFlexible)
        let body = try ApiVersions.Request.read(from: &v2, version: 3)
        #expect(body == ApiVersions.Request(clientSoftwareName: "rdkaf", clientSoftwareVersion: "2.0.2"))
        #expect(v2.readableBytes == 0)

        var v1 = ByteBuffer(bytes: [0x00, 0x03, 0x00, 0x04, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0x42])
        #expect(try RequestHeader.read(from: &v1) == RequestHeader(apiKey: 3, apiVersion: 4, correlationID: -2, clientID: nil))
        #expect(v1.readableBytes == 1, "a non-flexible header has no tagged fields")
    }

    @Test("the header round-trips for every API we serve, flexible or not")
    func headerRoundTrip() throws {
        for api in ApiKey.allCases {
            for version in api.supportedVersions {
                let header = RequestHeader(apiKey: api.rawValue, apiVersion: version, correlationID: 99, clientID: "c")
                var buffer = ByteBuffer()
                header.write(to: &buffer)
                #expect(try RequestHeader.read(from: &buffer) == header)
                #expect(buffer.readableBytes == 0)
            }
        }
    }

    @Test("the v0 response body lists every API with its versions")
    func responseV0() throws {
        var buffer = ByteBuffer()
        ApiVersions.Response().write(to: &buffer, version: 0)
        var expected: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, UInt8(ApiKey.allCases.count)]
        for api in ApiKey.allCases {
            for value in [api.rawValue, api.supportedVersions.lowerBound, api.supportedVersions.upperBound] {
                expected += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
        }
        #expect(Array(buffer.readableBytesView) == expected)
    }

    @Test("v3 uses compact arrays and tagged fields; every version round-trips")
    func responseVersions() throws {
        for version: Int16 in 0...3 {
            var buffer = ByteBuffer()
            let response = ApiVersions.Response(throttleTimeMs: version >= 1 ? 5 : 0)
            response.write(to: &buffer, version: version)
            if version == 3 {
                #expect(buffer.getInteger(at: 2, as: UInt8.self) == UInt8(ApiKey.allCases.count + 1), "compact array count")
            }
            #expect(try ApiVersions.Response.read(from: &buffer, version: version) == response)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("an unsupported ApiVersions version gets error 35 and ApiVersions' own range, in a v0 body")
    func unsupportedVersion() throws {
        var buffer = ByteBuffer()
        ApiVersions.Response.unsupportedVersion.write(to: &buffer, version: 0)
        #expect(Array(buffer.readableBytesView) == [0x00, 0x23, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x03])
    }

    @Test("what kcat, librdkafka and kafka-python need is advertised")
    func advertised() {
        let table = Dictionary(uniqueKeysWithValues: ApiVersions.supported.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        #expect(table[ApiKey.produce.rawValue] == 3...8, "librdkafka uses magic v2 only with Produce ≥ 3 and Fetch ≥ 4")
        #expect(table[ApiKey.fetch.rawValue] == 4...11)
        #expect(table[ApiKey.metadata.rawValue] == 0...8, "kafka-python needs Metadata ≥ 4 for magic v2")
        #expect(table[ApiKey.initProducerID.rawValue] == 0...1, "kafka-python's idempotent producer needs it")
    }
}
