import Contracts
import Foundation

extension UUID {
    /// A name-based UUID (version 3 layout) from the Murmur3 hash of `name`:
    /// the same name gives the same id on every run, so table ids, the host
    /// id and the schema version stay put across restarts.
    init(naming name: [UInt8]) {
        let hash = Murmur3.hash128(name)
        var raw = withUnsafeBytes(of: hash.0.bigEndian, Array.init) + withUnsafeBytes(of: hash.1.bigEndian, Array.init)
        raw[6] = (raw[6] & 0x0F) | 0x30  // version 3 (name-based)
        raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
        self = UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                           raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
    }
}
