import CQL
import CQLProtocol
import Contracts

/// What an INSERT's columns mean in its table: where each named column sits,
/// which of them make the partition key and the clustering, and the key
/// codecs. Worked out once per statement, and once per BATCH for a prepared
/// INSERT however many rows it writes (this used to run for every row).
struct InsertPlan {
    let table: TableMetadata
    let codecs: TableCodecs
    /// For each column the INSERT names, in its order: the index in `table.columns`.
    let targets: [Int]
    /// Indices in `table.columns` of the partition key and clustering columns, in key order.
    let partitionKey: [Int]
    let clustering: [Int]
    /// Indices in `table.columns` of the regular and static columns.
    let cells: [Int]

    init(_ insert: InsertStatement, table: TableMetadata) throws {
        guard insert.columns.count == insert.values.count else {
            throw CQLError.invalid("Unmatched column names/values")
        }
        self.table = table
        codecs = TableCodecs(table)
        var seen = Set<Int>()
        targets = try insert.columns.map { name in
            let index = try Execution.columnIndex(name, of: table)
            guard seen.insert(index).inserted else { throw CQLError.invalid("Multiple definitions found for column \(name)") }
            return index
        }
        partitionKey = table.partitionKeyIndices
        clustering = table.clusteringIndices
        cells = table.regularIndices
    }
}
