/// A statement that parses but cannot run as written: a literal of the wrong
/// type, a number out of range, a malformed bound value. The server answers
/// it as Invalid (0x2200) with `message`, worded as Cassandra words it:
/// `Invalid STRING constant (abc) for "age" of type int`.
public struct InvalidRequest: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
