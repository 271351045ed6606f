@testable import Contracts
import Testing

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("the standard check value and the iSCSI test vectors (RFC 3720, B.4)")
    func vectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test("the processor's instruction (in three lanes from 64 KiB) and the tables agree", arguments: [0, 1, 7, 8, 9, 63, 64, 1_000, 65_535, 65_536, 65_537, 65_560, 200_003, 1_048_581])
    func hardwareMatchesTables(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        var tables = CRC32C.State()
        bytes.withUnsafeBytes { tables.updateWithTables($0) }
        #expect(tables.value == CRC32C.checksum(bytes))
    }

    @Test("fed in pieces of any size, the same as all at once")
    func incremental() {
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [1, 3, 8, 9, 500, 999, 65_536, 150_001, 234_463, 299_999] {
            var state = CRC32C.State()
            state.update(bytes[..<split])
            state.update(bytes[split...])
            #expect(state.value == CRC32C.checksum(bytes), "split at \(split)")
        }
    }
}
