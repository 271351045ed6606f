import Contracts
import Foundation
import KafkaProtocol
import NIOCore

/// Turns one Kafka request frame into its response frame: decodes the
/// header and body, asks the `Broker`, encodes the answer (response header
/// v0: every version we serve is non-flexible, and ApiVersions' response
/// header is always v0).
struct RequestHandler: Sendable {
    let broker: Broker
    /// The host and port clients are told to use (Metadata, FindCoordinator).
    let advertisedHost: String
    let advertisedPort: Int32

    /// What to do with a request.
    enum Outcome {
        case respond(ByteBuffer)
        /// acks=0 Produce: no response at all.
        case noResponse
        /// An API or version we do not serve: Kafka closes the connection.
        case close(String)
    }

    func handle(_ frame: ByteBuffer) async throws -> Outcome {
        var body = frame
        // Key, version and correlation id first: for an ApiVersions version we
        // do not know, that is all Kafka reads before answering.
        guard let key = body.getInteger(at: body.readerIndex, as: Int16.self),
              let version = body.getInteger(at: body.readerIndex + 2, as: Int16.self),
              let correlationID = body.getInteger(at: body.readerIndex + 4, as: Int32.self) else {
            return .close("request shorter than its header")
        }
        guard let api = ApiKey(rawValue: key) else { return .close("unknown API key \(key)") }
        guard api.supportedVersions.contains(version) else {
            guard api == .apiVersions else { return .close("unsupported \(api) version \(version)") }
            let header = RequestHeader(apiKey: key, apiVersion: version, correlationID: correlationID, clientID: nil)
            return .respond(frameResponse(header) { ApiVersions.Response.unsupportedVersion.write(to: &$0, version: 0) })
        }
        let header = try RequestHeader.read(from: &body)
        switch api {
        case .apiVersions:
            _ = try ApiVersions.Request.read(from: &body, version: version)
            return .respond(frameResponse(header) { ApiVersions.Response().write(to: &$0, version: version) })
        case .metadata:
            let response = try await metadata(try Metadata.Request.read(from: &body, version: version), version: version)
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .produce:
            let request = try Produce.Request.read(from: &body, version: version)
            let response = try await produce(request)
            guard request.acks != 0 else { return .noResponse }
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .fetch:
            let response = try await fetch(try Fetch.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .listOffsets:
            let response = try await listOffsets(try ListOffsets.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .findCoordinator:
            _ = try FindCoordinator.Request.read(from: &body, version: version)
            let response = FindCoordinator.Response(nodeID: broker.config.nodeID, host: advertisedHost, port: advertisedPort)
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .initProducerID:
            _ = try InitProducerID.Request.read(from: &body, version: version)
            let response = InitProducerID.Response(producerID: await broker.newProducerID(), producerEpoch: 0)
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .offsetCommit:
            let response = try await offsetCommit(try OffsetCommit.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .offsetFetch:
            let response = try await offsetFetch(try OffsetFetch.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .joinGroup, .syncGroup, .heartbeat, .leaveGroup:
            return .close("consumer-group membership (\(api)) is not served yet")
        }
    }

    /// `size | correlation_id | body`.
    func frameResponse(_ header: RequestHeader, _ writeBody: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(header.correlationID)
        writeBody(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        return buffer
    }

    func metadata(_ request: Metadata.Request, version: Int16) async throws -> Metadata.Response {
        let names: [String]
        if let requested = request.topics {
            names = requested
        } else {
            names = await broker.topicNames
        }
        var topics: [Metadata.Response.Topic] = []
        for name in names {
            let create = request.allowAutoTopicCreation || version < 4
            guard let partitions = try await broker.partitions(of: name, create: create) else {
                let error: ErrorCode = Broker.isValidTopicName(name) ? .unknownTopicOrPartition : .invalidTopicException
                topics.append(.init(errorCode: error, name: name, partitions: []))
                continue
            }
            let node = broker.config.nodeID
            topics.append(.init(name: name, partitions: partitions.indices.map {
                .init(partitionIndex: Int32($0), leaderID: node, leaderEpoch: 0, replicaNodes: [node], isrNodes: [node])
            }))
        }
        return Metadata.Response(brokers: [.init(nodeID: broker.config.nodeID, host: advertisedHost, port: advertisedPort)],
                                 clusterID: "big-fast-data-in-a-box", controllerID: broker.config.nodeID, topics: topics)
    }

    func produce(_ request: Produce.Request) async throws -> Produce.Response {
        var topics: [Produce.Response.Topic] = []
        for topic in request.topics {
            var partitions: [Produce.Response.Partition] = []
            for data in topic.partitions {
                partitions.append(await produce(topic: topic.name, data, acks: request.acks))
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return Produce.Response(topics: topics)
    }

    func produce(topic: String, _ data: Produce.Request.Partition, acks: Int16) async -> Produce.Response.Partition {
        func failure(_ error: ErrorCode, _ message: String? = nil) -> Produce.Response.Partition {
            .init(index: data.index, errorCode: error, baseOffset: -1, errorMessage: message)
        }
        guard [-1, 0, 1].contains(acks) else { return failure(.invalidRequiredAcks) }
        guard let handle = try? await broker.partitions(of: topic, create: true),
              handle.indices.contains(Int(data.index)) else { return failure(.unknownTopicOrPartition) }
        let partition = handle[Int(data.index)]
        guard let records = data.records, records.readableBytes > 0 else { return failure(.corruptMessage, "no records") }
        do {
            let appended = try await partition.partition.append(Array(records.readableBytesView))
            if acks != 0 {
                try await partition.commit.waitDurable(upTo: appended.nextOffset)
            } else {
                // No one waits for an acks=0 batch, but it must still become durable and readable.
                let commit = partition.commit
                Task { try? await commit.waitDurable(upTo: appended.nextOffset) }
            }
            let start = await partition.partition.offsets.start
            return .init(index: data.index, baseOffset: appended.baseOffset, logStartOffset: start)
        } catch LogError.invalidBatch(let error) {
            return failure(.corruptMessage, error.description)
        } catch LogError.batchTooLarge {
            return failure(.messageTooLarge)
        } catch {
            return failure(.unknownServerError, "\(error)")
        }
    }

    func fetch(_ request: Fetch.Request) async throws -> Fetch.Response {
        let deadline = ContinuousClock.now + .milliseconds(Int(max(0, request.maxWaitMs)))
        while true {
            let (response, bytes) = try await fetchOnce(request)
            if bytes >= Int(request.minBytes) || ContinuousClock.now >= deadline { return response }
            await broker.signal.wait(timeout: deadline - ContinuousClock.now)
        }
    }

    func fetchOnce(_ request: Fetch.Request) async throws -> (Fetch.Response, Int) {
        var total = 0
        var budget = Int(request.maxBytes)
        var topics: [Fetch.Response.Topic] = []
        for topic in request.topics {
            var partitions: [Fetch.Response.Partition] = []
            for wanted in topic.partitions {
                guard let handle = await broker.partition(topic.name, wanted.partition) else {
                    partitions.append(.init(partitionIndex: wanted.partition, errorCode: .unknownTopicOrPartition,
                                            highWatermark: -1, records: nil))
                    continue
                }
                let offsets = await handle.partition.offsets
                do {
                    let maxBytes = max(1, min(Int(wanted.partitionMaxBytes), budget))
                    let bytes = try await handle.partition.read(from: wanted.fetchOffset, maxBytes: maxBytes)
                    total += bytes.count
                    budget = max(0, budget - bytes.count)
                    partitions.append(.init(partitionIndex: wanted.partition, highWatermark: offsets.highWatermark,
                                            lastStableOffset: offsets.highWatermark, logStartOffset: offsets.start,
                                            abortedTransactions: [], records: ByteBuffer(bytes: bytes)))
                } catch LogError.offsetOutOfRange {
                    partitions.append(.init(partitionIndex: wanted.partition, errorCode: .offsetOutOfRange,
                                            highWatermark: offsets.highWatermark, logStartOffset: offsets.start,
                                            records: nil))
                }
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return (Fetch.Response(topics: topics), total)
    }

    func listOffsets(_ request: ListOffsets.Request) async throws -> ListOffsets.Response {
        var topics: [ListOffsets.Response.Topic] = []
        for topic in request.topics {
            var partitions: [ListOffsets.Response.Partition] = []
            for wanted in topic.partitions {
                guard let handle = await broker.partition(topic.name, wanted.partitionIndex) else {
                    partitions.append(.init(partitionIndex: wanted.partitionIndex, errorCode: .unknownTopicOrPartition))
                    continue
                }
                let offsets = await handle.partition.offsets
                // -2: the earliest offset; -1 (and any time, for want of a time index): the latest.
                let offset = wanted.timestamp == -2 ? offsets.start : offsets.highWatermark
                partitions.append(.init(partitionIndex: wanted.partitionIndex, timestamp: -1, offset: offset, leaderEpoch: 0))
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return ListOffsets.Response(topics: topics)
    }

    func offsetCommit(_ request: OffsetCommit.Request) async throws -> OffsetCommit.Response {
        var topics: [OffsetCommit.Response.Topic] = []
        for topic in request.topics {
            var partitions: [OffsetCommit.Response.Partition] = []
            for commit in topic.partitions {
                do {
                    try await broker.offsets.commit(group: request.groupID, topic: topic.name, partition: commit.partitionIndex,
                                                    offset: CommittedOffset(offset: commit.committedOffset,
                                                                            metadata: commit.committedMetadata))
                    partitions.append(.init(partitionIndex: commit.partitionIndex))
                } catch {
                    partitions.append(.init(partitionIndex: commit.partitionIndex, errorCode: .unknownServerError))
                }
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return OffsetCommit.Response(topics: topics)
    }

    func offsetFetch(_ request: OffsetFetch.Request) async throws -> OffsetFetch.Response {
        var topics: [OffsetFetch.Response.Topic] = []
        for topic in request.topics ?? [] {
            var partitions: [OffsetFetch.Response.Partition] = []
            for index in topic.partitionIndexes {
                let committed = await broker.offsets.fetch(group: request.groupID, topic: topic.name, partition: index)
                partitions.append(.init(partitionIndex: index, committedOffset: committed?.offset ?? -1,
                                        metadata: committed?.metadata ?? ""))
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return OffsetFetch.Response(topics: topics)
    }
}
