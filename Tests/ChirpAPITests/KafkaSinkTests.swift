import APISolution
import ChirpAPI
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaBroker
import KafkaClient
import LogSolution
import Testing

/// Accepted events reach the `chirps` topic of a real broker, keyed by user, before the 202.
@Suite("ChirpAPI: the Kafka sink")
struct KafkaSinkTests {
    @Test("every event answered 202 is on the chirps topic, keyed by its user, in each user's order")
    func publish() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var brokerConfig = BrokerConfig(dataDirectory: directory)
        brokerConfig.port = 0
        brokerConfig.partitionsPerTopic = 3
        let server = try await BrokerServer(config: brokerConfig, lab: LogToolkit())
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        let address = "127.0.0.1:\(server.port)"
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [address]))
        var config = APIConfiguration()
        config.apiKeys = ["k"]
        let app = APIServer.application(service: try APIService(configuration: config, lab: APIToolkit(), sink: KafkaEventSink(producer: producer)))
        let accepted = try await app.test(.router) { client in
            var accepted: [String] = []
            for i in 0..<300 {
                let body = #"{"id":"e-\#(i)","type":"post","user":\#(i % 7 + 1),"ts":\#(1_700_000_000_000 + i),"text":"chirp \#(i) #swift"}"#
                let status = try await client.execute(uri: "/v1/events", method: .post, headers: [HTTPField.Name("x-api-key")!: "k"],
                                                      body: ByteBuffer(string: body)) { $0.status }
                if status == .accepted { accepted.append("e-\(i)") }
            }
            return accepted
        }
        #expect(accepted.count == 300)
        await producer.close()

        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [address]))
        await consumer.assign((0..<3).map { TopicPartition("chirps", $0) })
        var records: [ConsumerRecord] = []
        for _ in 0..<100 where records.count < 300 { records += try await consumer.poll() }
        await consumer.close()
        let events = records.compactMap { record in record.value.flatMap { try? ChirpEvent(json: $0) }.map { (record, $0) } }
        #expect(Set(events.map(\.1.id)) == Set(accepted))
        #expect(events.allSatisfy { record, event in record.key.map { String(decoding: $0, as: UTF8.self) } == String(event.user) })
        for user in 1...7 {
            let ids = events.filter { $0.1.user == user }.map(\.1.ts)
            #expect(ids == ids.sorted(), "user \(user)'s events in order in their partition")
        }
        try await server.shutdown()
    }
}
