import Contracts
import Testing

@Suite("Murmur3 tokens")
struct Murmur3Tests {
    @Test("Cassandra's token of int 1 and of the empty key")
    func knownTokens() {
        // `SELECT token(k) FROM t WHERE k = 1` on a Cassandra table with an int key.
        #expect(Murmur3.token([0, 0, 0, 1]) == -4_069_959_284_402_364_209)
        #expect(Murmur3.token([]) == 0)
    }

    @Test("partition keys order by token, then bytes")
    func ordering() {
        let keys = (0..<100).map { PartitionKey([0, 0, 0, UInt8($0)]) }
        let sorted = keys.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.token <= b.token) }
    }

    @Test("a clustering prefix bound covers the rows that start with it")
    func prefixBounds() {
        let range = ClusteringRange.prefix([1, 2])
        #expect(range.contains(Clustering([1, 2])))
        #expect(range.contains(Clustering([1, 2, 9])))
        #expect(!range.contains(Clustering([1, 3])))
        #expect(!range.contains(Clustering([1])))
        let after = ClusteringRange(start: .init(prefix: [1, 2], inclusive: false))
        #expect(!after.contains(Clustering([1, 2, 9])))
        #expect(after.contains(Clustering([1, 3])))
        let before = ClusteringRange(end: .init(prefix: [1, 2], inclusive: false))
        #expect(before.contains(Clustering([1, 1, 9])))
        #expect(!before.contains(Clustering([1, 2, 0])))
    }
}
