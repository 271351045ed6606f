/// The store's binary format for a `Partition`: what a commit-log entry and
/// an SSTable's Data.db hold (given plumbing for the store lab).
///
/// Compact and self-delimiting: lengths and numbers are LEB128 varints
/// (signed ones zigzag-encoded), optional fields are announced by a flags
/// byte. The layout, in order:
///
///     partition   key, flags (1: deletion), [deletion], rangeTombstones, rows
///     key         varint length, bytes
///     deletion    zigzag markedForDeleteAt, zigzag localDeletionTime
///     tombstones  varint count, then each: flags (1: start, 2: start inclusive,
///                 4: end, 8: end inclusive), [start prefix], [end prefix], deletion
///     rows        varint count, then each: clustering (varint length, bytes),
///                 flags (1: marker, 2: marker expires, 4: deletion),
///                 [marker timestamp], [marker expiresAt], [deletion],
///                 varint cell count, then each cell: name (varint length,
///                 UTF-8), flags (1: value, 2: expiresAt, 4: localDeletionTime),
///                 zigzag timestamp, [value], [expiresAt], [localDeletionTime]
///
/// Cells are written in column-name order, so equal partitions serialize to
/// equal bytes.
extension Partition {
    /// The partition in the store's binary format.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize)
        serialize(into: &out)
        return out
    }

    /// Appends the partition in the store's binary format to `out`.
    public func serialize(into out: inout [UInt8]) {
        out.appendBytes(key.bytes)
        out.append(deletion == nil ? 0 : 1)
        if let deletion { out.appendDeletion(deletion) }
        out.appendVarint(UInt64(rangeTombstones.count))
        for tombstone in rangeTombstones {
            let start = tombstone.range.start
            let end = tombstone.range.end
            var flags: UInt8 = 0
            if let start { flags |= start.inclusive ? 3 : 1 }
            if let end { flags |= end.inclusive ? 12 : 4 }
            out.append(flags)
            if let start { out.appendBytes(start.prefix) }
            if let end { out.appendBytes(end.prefix) }
            out.appendDeletion(tombstone.deletion)
        }
        out.appendVarint(UInt64(rows.count))
        for row in rows {
            out.appendBytes(row.clustering.bytes)
            var flags: UInt8 = 0
            if let liveness = row.liveness { flags |= liveness.expiresAt == nil ? 1 : 3 }
            if row.deletion != nil { flags |= 4 }
            out.append(flags)
            if let liveness = row.liveness {
                out.appendSigned(liveness.timestamp)
                if let expiresAt = liveness.expiresAt { out.appendSigned(expiresAt) }
            }
            if let deletion = row.deletion { out.appendDeletion(deletion) }
            out.appendVarint(UInt64(row.cells.count))
            // Column-name order: sort the dictionary's positions by name, not copies of its cells
            // (this runs twice per row written: the commit log, then the SSTable).
            let keys = row.cells.keys, values = row.cells.values
            var order = Array(row.cells.indices)
            if order.count > 1 { order.sort { keys[$0] < keys[$1] } }
            for position in order {
                let name = keys[position], cell = values[position]
                out.appendBytes(name.utf8)
                var cellFlags: UInt8 = cell.value == nil ? 0 : 1
                if cell.expiresAt != nil { cellFlags |= 2 }
                if cell.localDeletionTime != nil { cellFlags |= 4 }
                out.append(cellFlags)
                out.appendSigned(cell.timestamp)
                if let value = cell.value { out.appendBytes(value) }
                if let expiresAt = cell.expiresAt { out.appendSigned(expiresAt) }
                if let localDeletionTime = cell.localDeletionTime { out.appendSigned(localDeletionTime) }
            }
        }
    }

    /// Decodes a partition from exactly `bytes`; a `PartitionFormatError`
    /// saying what is wrong and where if they are not one whole partition.
    public init(deserializing bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Partition(deserializing: $0) }
    }

    /// Decodes a partition from exactly `bytes` (e.g. a slice of a file read).
    public init(deserializing bytes: ArraySlice<UInt8>) throws {
        self = try bytes.withUnsafeBytes { try Partition(deserializing: $0) }
    }

    /// Decodes a partition from exactly `raw`.
    public init(deserializing raw: UnsafeRawBufferPointer) throws {
        try self.init(deserializing: raw, restrictedTo: .all)
    }

    /// Decodes only the rows in `range` (and every range tombstone): the same
    /// partition as `Partition(deserializing:).restricted(to:)`, without
    /// building the rows outside the range, whose bytes are only stepped
    /// over. What a slice read of a wide partition needs (Cassandra skips
    /// them with its row index); a partition cut short still throws.
    public init(deserializing bytes: ArraySlice<UInt8>, restrictedTo range: ClusteringRange) throws {
        self = try bytes.withUnsafeBytes { try Partition(deserializing: $0, restrictedTo: range) }
    }

    /// Decodes only the rows of `raw` in `range` (see the `ArraySlice` form).
    public init(deserializing raw: UnsafeRawBufferPointer, restrictedTo range: ClusteringRange) throws {
        var reader = PartitionReader(raw)
        let key = PartitionKey(try reader.bytes("the partition key"))
        let flags = try reader.flags("the partition flags", allowed: 1)
        let deletion = flags & 1 != 0 ? try reader.deletion("the partition deletion") : nil
        let tombstoneCount = try reader.count("the range tombstone count", minimumBytesEach: 3)
        var rangeTombstones: [RangeTombstone] = []
        rangeTombstones.reserveCapacity(tombstoneCount)
        for _ in 0..<tombstoneCount {
            let bounds = try reader.flags("a range tombstone's flags", allowed: 15)
            let start = bounds & 1 != 0
                ? ClusteringBound(prefix: try reader.bytes("a range tombstone's start"), inclusive: bounds & 2 != 0) : nil
            let end = bounds & 4 != 0
                ? ClusteringBound(prefix: try reader.bytes("a range tombstone's end"), inclusive: bounds & 8 != 0) : nil
            rangeTombstones.append(RangeTombstone(range: ClusteringRange(start: start, end: end),
                                                  deletion: try reader.deletion("a range tombstone's deletion")))
        }
        let rowCount = try reader.count("the row count", minimumBytesEach: 3)
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        let everyRow = range == .all
        for _ in 0..<rowCount {
            let clustering = Clustering(try reader.bytes("a row's clustering"))
            let rowFlags = try reader.flags("a row's flags", allowed: 7)
            guard everyRow || range.contains(clustering) else {
                try reader.skipRow(flags: rowFlags)
                continue
            }
            var liveness: LivenessInfo?
            if rowFlags & 1 != 0 {
                let timestamp = try reader.signed("a row marker's timestamp")
                liveness = LivenessInfo(timestamp: timestamp,
                                        expiresAt: rowFlags & 2 != 0 ? try reader.signed("a row marker's expiry") : nil)
            }
            let rowDeletion = rowFlags & 4 != 0 ? try reader.deletion("a row deletion") : nil
            let cellCount = try reader.count("a row's cell count", minimumBytesEach: 3)
            var cells: [String: Cell] = [:]
            cells.reserveCapacity(cellCount)
            for _ in 0..<cellCount {
                let name = try reader.string("a column name")
                let cellFlags = try reader.flags("a cell's flags", allowed: 7)
                let timestamp = try reader.signed("a cell's timestamp")
                let value = cellFlags & 1 != 0 ? try reader.bytes("a cell's value") : nil
                let expiresAt = cellFlags & 2 != 0 ? try reader.signed("a cell's expiry") : nil
                let localDeletionTime = cellFlags & 4 != 0 ? try reader.signed("a cell's deletion time") : nil
                cells[name] = Cell(value: value, timestamp: timestamp, expiresAt: expiresAt, localDeletionTime: localDeletionTime)
            }
            rows.append(Row(clustering: clustering, liveness: liveness, deletion: rowDeletion, cells: cells))
        }
        guard reader.offset == raw.count else {
            throw PartitionFormatError(offset: reader.offset, length: raw.count,
                                       problem: "\(raw.count - reader.offset) bytes are left after the partition's last row")
        }
        self.init(key: key, deletion: deletion, rangeTombstones: rangeTombstones, rows: rows)
    }

    /// Roughly how many bytes the partition takes in the binary format (a
    /// memtable's size estimate), without encoding it.
    public var estimatedSize: Int {
        var size = key.bytes.count + 8 + rangeTombstones.count * 24
        for row in rows {
            size += row.clustering.bytes.count + 4 + (row.liveness == nil ? 0 : 9) + (row.deletion == nil ? 0 : 14)
            for (name, cell) in row.cells {
                size += name.utf8.count + (cell.value?.count ?? 0) + 12
            }
        }
        return size
    }
}

/// The bytes are not a partition in the store's binary format: truncated,
/// garbage, or with bytes left over. Says what it was reading, and where.
public struct PartitionFormatError: Error, CustomStringConvertible, Sendable {
    /// Where in the bytes the problem is.
    public let offset: Int
    /// How many bytes there were.
    public let length: Int
    public let problem: String

    public var description: String { "not a valid serialized partition: \(problem) (at byte \(offset) of \(length))" }
}

/// Reads the binary format, checking every length against what is there.
struct PartitionReader {
    let raw: UnsafeRawBufferPointer
    var offset = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    func fail(_ problem: String) -> PartitionFormatError {
        PartitionFormatError(offset: offset, length: raw.count, problem: problem)
    }

    mutating func varint(_ what: String) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < raw.count else { throw fail("cut short inside \(what)") }
            let byte = raw[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw fail("\(what) is a varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func signed(_ what: String) throws -> Int64 {
        let zigzag = try varint(what)
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    /// A count of things that each take at least `minimumBytesEach` bytes, checked against what is left.
    mutating func count(_ what: String, minimumBytesEach: Int) throws -> Int {
        let count = try varint(what)
        guard count <= UInt64(raw.count - offset) / UInt64(minimumBytesEach) else {
            throw fail("\(what) says \(count), more than the \(raw.count - offset) bytes left can hold")
        }
        return Int(count)
    }

    mutating func length(_ what: String) throws -> Int {
        let length = try varint(what)
        guard length <= UInt64(raw.count - offset) else {
            throw fail("\(what) says \(length) bytes but only \(raw.count - offset) are left")
        }
        return Int(length)
    }

    mutating func bytes(_ what: String) throws -> [UInt8] {
        let n = try length(what)
        defer { offset += n }
        return Array(UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n]))
    }

    mutating func string(_ what: String) throws -> String {
        let n = try length(what)
        let utf8 = UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n])
        let text = String(decoding: utf8, as: UTF8.self)
        // Decoding repairs invalid UTF-8; the bytes come back unchanged only when it was valid.
        guard text.utf8.elementsEqual(utf8) else { throw fail("\(what) is not valid UTF-8") }
        offset += n
        return text
    }

    mutating func flags(_ what: String, allowed: UInt8) throws -> UInt8 {
        guard offset < raw.count else { throw fail("cut short before \(what)") }
        let flags = raw[offset]
        guard flags & ~allowed == 0 else { throw fail("\(what) are 0x\(String(flags, radix: 16)), not a valid combination") }
        offset += 1
        return flags
    }

    /// Steps over length-prefixed bytes without copying them.
    mutating func skipBytes(_ what: String) throws {
        offset += try length(what)
    }

    /// Steps over the rest of a row whose flags were just read, checking its
    /// lengths and flags as `init(deserializing:)` does (not its names' UTF-8).
    mutating func skipRow(flags rowFlags: UInt8) throws {
        if rowFlags & 1 != 0 {
            _ = try varint("a row marker's timestamp")
            if rowFlags & 2 != 0 { _ = try varint("a row marker's expiry") }
        }
        if rowFlags & 4 != 0 { _ = try deletion("a row deletion") }
        let cellCount = try count("a row's cell count", minimumBytesEach: 3)
        for _ in 0..<cellCount {
            try skipBytes("a column name")
            let cellFlags = try flags("a cell's flags", allowed: 7)
            _ = try varint("a cell's timestamp")
            if cellFlags & 1 != 0 { try skipBytes("a cell's value") }
            if cellFlags & 2 != 0 { _ = try varint("a cell's expiry") }
            if cellFlags & 4 != 0 { _ = try varint("a cell's deletion time") }
        }
    }

    mutating func deletion(_ what: String) throws -> DeletionTime {
        DeletionTime(markedForDeleteAt: try signed(what), localDeletionTime: try signed(what))
    }
}

extension [UInt8] {
    /// LEB128: seven bits a byte, low first; the high bit says more follow.
    @inline(__always)
    public mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        append(UInt8(value))
    }

    /// Zigzag, then LEB128: small negative numbers stay short.
    @inline(__always)
    mutating func appendSigned(_ value: Int64) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inline(__always)
    mutating func appendBytes(_ bytes: some Collection<UInt8>) {
        appendVarint(UInt64(bytes.count))
        append(contentsOf: bytes)
    }

    mutating func appendDeletion(_ deletion: DeletionTime) {
        appendSigned(deletion.markedForDeleteAt)
        appendSigned(deletion.localDeletionTime)
    }
}
