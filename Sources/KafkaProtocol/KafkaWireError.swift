/// Bytes that are not a valid Kafka message, saying exactly what was wrong
/// and where, so a broker can log it and answer (or close) cleanly.
public struct KafkaWireError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was being read, e.g. `record 3 value`.
    public var field: String
    /// What was wrong with it, e.g. `needs 40 bytes, 12 left`.
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "malformed \(field): \(problem)" }

    /// `field` ends before the `need` bytes it takes.
    public static func truncated(_ field: String, need: Int, have: Int) -> KafkaWireError {
        KafkaWireError(field, "needs \(need) bytes, \(have) left")
    }
}
