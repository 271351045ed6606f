import Contracts

/// Where the next page of a SELECT starts: after the row at (`partition`,
/// `clustering`), with `emitted` rows already returned (for LIMIT). Opaque to
/// clients, which send it back as they received it.
struct PagingState: Equatable {
    var partition: [UInt8]
    var clustering: [UInt8]
    var emitted: Int

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = [1]
        for part in [partition, clustering] {
            bytes += withUnsafeBytes(of: UInt32(part.count).bigEndian, Array.init)
            bytes += part
        }
        bytes += withUnsafeBytes(of: UInt64(emitted).bigEndian, Array.init)
        return bytes
    }

    init(partition: [UInt8], clustering: [UInt8], emitted: Int) {
        self.partition = partition
        self.clustering = clustering
        self.emitted = emitted
    }

    /// Nil for bytes this server did not hand out.
    init?(decoding bytes: [UInt8]) {
        guard bytes.first == 1 else { return nil }
        var position = 1
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, position + count <= bytes.count else { return nil }
            defer { position += count }
            return bytes[position..<position + count]
        }
        func length() -> Int? { take(4).map { Int($0.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) } }
        guard let partitionLength = length(), let partition = take(partitionLength),
              let clusteringLength = length(), let clustering = take(clusteringLength),
              let emitted = take(8)?.reduce(UInt64(0), { $0 << 8 | UInt64($1) }), position == bytes.count else { return nil }
        self.init(partition: Array(partition), clustering: Array(clustering), emitted: Int(emitted))
    }
}
