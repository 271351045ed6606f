import NIOCore

/// ApiVersions (key 18): the first request on every connection; the client
/// learns which APIs and versions the broker serves.
public enum ApiVersions {
    /// One API's supported version range.
    public struct Range: Hashable, Sendable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    /// Every API we serve, with its versions.
    public static let supported: [Range] = ApiKey.allCases.map {
        Range(apiKey: $0.rawValue, minVersion: $0.supportedVersions.lowerBound,
              maxVersion: $0.supportedVersions.upperBound)
    }

    /// The request: empty before v3; v3 names the client software.
    public struct Request: Hashable, Sendable {
        public var clientSoftwareName: String
        public var clientSoftwareVersion: String

        public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "") {
            self.clientSoftwareName = clientSoftwareName
            self.clientSoftwareVersion = clientSoftwareVersion
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            guard version >= 3 else { return Request() }
            let request = Request(clientSoftwareName: try buffer.readKafkaCompactString("client_software_name") ?? "",
                                  clientSoftwareVersion: try buffer.readKafkaCompactString("client_software_version") ?? "")
            try buffer.skipKafkaTaggedFields("ApiVersions request")
            return request
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            guard version >= 3 else { return }
            buffer.writeKafkaCompactString(clientSoftwareName)
            buffer.writeKafkaCompactString(clientSoftwareVersion)
            buffer.writeUnsignedVarint(0)
        }
    }

    /// The response. Its header is always v0, even for v3.
    public struct Response: Hashable, Sendable {
        public var errorCode: ErrorCode
        public var apiKeys: [Range]
        public var throttleTimeMs: Int32

        public init(errorCode: ErrorCode = .none, apiKeys: [Range] = ApiVersions.supported, throttleTimeMs: Int32 = 0) {
            self.errorCode = errorCode
            self.apiKeys = apiKeys
            self.throttleTimeMs = throttleTimeMs
        }

        /// What Kafka answers to an ApiVersions version it does not serve:
        /// error 35 in a v0 body listing ApiVersions' own range, so the
        /// client retries with a version we do serve.
        public static var unsupportedVersion: Response {
            Response(errorCode: .unsupportedVersion,
                     apiKeys: supported.filter { $0.apiKey == ApiKey.apiVersions.rawValue })
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            let flexible = ApiKey.apiVersions.isFlexible(version)
            buffer.writeInteger(errorCode.rawValue)
            if flexible {
                buffer.writeUnsignedVarint(UInt64(apiKeys.count) + 1)
            } else {
                buffer.writeInteger(Int32(apiKeys.count))
            }
            for range in apiKeys {
                buffer.writeInteger(range.apiKey)
                buffer.writeInteger(range.minVersion)
                buffer.writeInteger(range.maxVersion)
                if flexible { buffer.writeUnsignedVarint(0) }
            }
            if version >= 1 { buffer.writeInteger(throttleTimeMs) }
            if flexible { buffer.writeUnsignedVarint(0) }
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            let flexible = ApiKey.apiVersions.isFlexible(version)
            let errorCode = ErrorCode(rawValue: try buffer.readKafkaInteger("error_code"))
            let count: Int
            if flexible {
                let lengthPlusOne = try buffer.readUnsignedVarint("api_keys count")
                guard lengthPlusOne >= 1, let length = Int(exactly: lengthPlusOne - 1) else {
                    throw KafkaWireError("api_keys", "compact array count \(lengthPlusOne) is not a length")
                }
                count = length
            } else {
                count = Int(try buffer.readKafkaInteger("api_keys count", as: Int32.self))
            }
            guard count >= 0, count <= buffer.readableBytes / 6 else {
                throw KafkaWireError("api_keys", "count \(count) does not fit the \(buffer.readableBytes) bytes left")
            }
            var ranges: [Range] = []
            for i in 0..<count {
                ranges.append(Range(apiKey: try buffer.readKafkaInteger("api_keys[\(i)].api_key"),
                                    minVersion: try buffer.readKafkaInteger("api_keys[\(i)].min_version"),
                                    maxVersion: try buffer.readKafkaInteger("api_keys[\(i)].max_version")))
                if flexible { try buffer.skipKafkaTaggedFields("api_keys[\(i)]") }
            }
            let throttle: Int32 = version >= 1 ? try buffer.readKafkaInteger("throttle_time_ms") : 0
            if flexible { try buffer.skipKafkaTaggedFields("ApiVersions response") }
            return Response(errorCode: errorCode, apiKeys: ranges, throttleTimeMs: throttle)
        }
    }
}
