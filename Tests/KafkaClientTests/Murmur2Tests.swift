import KafkaClient
import Testing

@Suite("Murmur2 partitioner")
struct Murmur2Tests {
    /// Kafka's own test vectors (`UtilsTest.testMurmur2`).
    @Test("matches Kafka's Utils.murmur2", arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func vectors(_ key: String, _ hash: Int32) {
        #expect(Murmur2.hash(Array(key.utf8)) == hash)
    }

    @Test("partition is the positive hash modulo the partition count")
    func partition() {
        #expect(Murmur2.partition(forKey: Array("21".utf8), partitionCount: 1000) == Int32((-973_932_308 & 0x7fff_ffff) % 1000))
    }
}
