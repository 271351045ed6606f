import NIOCore

/// A node's address in events (an [inet], spec §3): 4 (IPv4) or 16 (IPv6)
/// address bytes and a port.
public struct Inet: Hashable, Sendable, CustomStringConvertible {
    /// The address, 4 or 16 bytes in network order.
    public var address: [UInt8]
    public var port: Int32

    /// An address of 4 or 16 bytes and a port.
    public init(address: [UInt8], port: Int32) {
        precondition(address.count == 4 || address.count == 16, "an [inet] address is 4 or 16 bytes")
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:9042`, or `[0:0:0:0:0:0:0:1]:9042` (not abbreviated).
    public var description: String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") + ":\(port)" }
        let groups = stride(from: 0, to: address.count, by: 2).map {
            String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
        }
        return "[\(groups.joined(separator: ":"))]:\(port)"
    }
}

extension ByteBuffer {
    /// Writes an [inet]: a byte n, n address bytes, an [int] port.
    public mutating func writeCQLInet(_ value: Inet) {
        writeInteger(UInt8(value.address.count))
        writeBytes(value.address)
        writeInteger(value.port)
    }

    /// Reads an [inet]; an address size other than 4 or 16 is an error.
    public mutating func readCQLInet(_ field: @autoclosure () -> String) throws -> Inet {
        let size: UInt8 = try readCQLInteger("\(field()) address size")
        guard size == 4 || size == 16 else { throw CQLWireError(field(), "address size \(size) (4 or 16)") }
        guard let address = readBytes(length: Int(size)) else {
            throw CQLWireError.truncated("\(field()) address", need: Int(size), have: readableBytes)
        }
        return Inet(address: address, port: try readCQLInteger("\(field()) port"))
    }
}
