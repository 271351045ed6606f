import NIOCore

/// The header that starts every Kafka request (after its int32 size).
///
///     request_api_key int16, request_api_version int16, correlation_id int32,
///     client_id nullable string (int16 length, even in header v2),
///     then, in header v2 (flexible versions), tagged fields.
public struct RequestHeader: Hashable, Sendable {
    /// The raw API key: it may name an API we do not serve.
    public var apiKey: Int16
    public var apiVersion: Int16
    /// Echoed in the response so the client can match it to the request.
    public var correlationID: Int32
    public var clientID: String?

    public init(apiKey: Int16, apiVersion: Int16, correlationID: Int32, clientID: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
    }

    /// The API, when it is one we serve.
    public var api: ApiKey? { ApiKey(rawValue: apiKey) }

    /// Whether the body (and this header) use the flexible encoding.
    public var isFlexible: Bool { api?.isFlexible(apiVersion) ?? false }

    /// Reads the header from the start of a request, leaving the body.
    public static func read(from buffer: inout ByteBuffer) throws -> RequestHeader {
        let header = RequestHeader(
            apiKey: try buffer.readKafkaInteger("request_api_key"),
            apiVersion: try buffer.readKafkaInteger("request_api_version"),
            correlationID: try buffer.readKafkaInteger("correlation_id"),
            clientID: try buffer.readKafkaNullableString("client_id"))
        if header.isFlexible { try buffer.skipKafkaTaggedFields("request header") }
        return header
    }

    /// Writes the header as a client sends it.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(apiKey)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationID)
        buffer.writeKafkaNullableString(clientID)
        if isFlexible { buffer.writeUnsignedVarint(0) }
    }
}
