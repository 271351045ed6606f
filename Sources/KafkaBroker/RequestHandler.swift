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
    enum Outcome: Sendable {
        case respond(ByteBuffer)
        /// The order-sensitive part is done (a Produce's appends); the rest
        /// (waiting for durability) may overlap with the next requests.
        case later(@Sendable () async throws -> Outcome)
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
            let appended = await produce(request)
            guard request.acks != 0 else { return .noResponse }
            return .later {
                let response = await appended.waitDurable()
                return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
            }
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
        case .joinGroup:
            let request = try JoinGroup.Request.read(from: &body, version: version)
            let response = await broker.groups.join(request, version: version, clientID: header.clientID)
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .syncGroup:
            let response = await broker.groups.sync(try SyncGroup.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        case .heartbeat:
            let error = await broker.groups.heartbeat(try Heartbeat.Request.read(from: &body, version: version))
            return .respond(frameResponse(header) { Heartbeat.Response(errorCode: error).write(to: &$0, version: version) })
        case .leaveGroup:
            let request = try LeaveGroup.Request.read(from: &body, version: version)
            let ids = version >= 3 ? request.members.map(\.memberID) : [request.memberID]
            let codes = await broker.groups.leave(groupID: request.groupID, memberIDs: ids)
            let response = version >= 3
                ? LeaveGroup.Response(members: zip(ids, codes).map { .init(memberID: $0, errorCode: $1) })
                : LeaveGroup.Response(errorCode: codes.first ?? .none)
            return .respond(frameResponse(header) { response.write(to: &$0, version: version) })
        }
    }

    /// Says on stderr what went wrong inside the log (for a student's
    /// broker: which step is not written yet); the client gets an error code.
    static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("box broker: \(error)\n".utf8))
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

    /// Produce results once appended, before they are durable.
    struct Appended: Sendable {
        /// Per topic: per partition, its answer and the group commit to wait on.
        var topics: [(name: String, partitions: [(Produce.Response.Partition, (any GroupCommitting, Int64)?)])]

        /// Waits until every appended batch is durable; a failed sync turns
        /// that partition's answer into an error.
        func waitDurable() async -> Produce.Response {
            var answered: [Produce.Response.Topic] = []
            for topic in topics {
                var partitions: [Produce.Response.Partition] = []
                for (answer, pending) in topic.partitions {
                    var answer = answer
                    if let (commit, offset) = pending {
                        do {
                            try await commit.waitDurable(upTo: offset)
                        } catch {
                            // On stderr too: a student's broker says which step is missing (group commit, step 6).
                            RequestHandler.report(error)
                            answer = .init(index: answer.index, errorCode: .unknownServerError, baseOffset: -1,
                                           errorMessage: "the batch could not be made durable: \(error)")
                        }
                    }
                    partitions.append(answer)
                }
                answered.append(.init(name: topic.name, partitions: partitions))
            }
            return Produce.Response(topics: answered)
        }
    }

    /// Appends every partition's batch, in request order.
    func produce(_ request: Produce.Request) async -> Appended {
        var topics: Appended = Appended(topics: [])
        for topic in request.topics {
            var partitions: [(Produce.Response.Partition, (any GroupCommitting, Int64)?)] = []
            for data in topic.partitions {
                partitions.append(await produce(topic: topic.name, data, acks: request.acks))
            }
            topics.topics.append((topic.name, partitions))
        }
        return topics
    }

    func produce(topic: String, _ data: Produce.Request.Partition, acks: Int16)
        async -> (Produce.Response.Partition, (any GroupCommitting, Int64)?) {
        func failure(_ error: ErrorCode, _ message: String? = nil) -> (Produce.Response.Partition, (any GroupCommitting, Int64)?) {
            (.init(index: data.index, errorCode: error, baseOffset: -1, errorMessage: message), nil)
        }
        guard [-1, 0, 1].contains(acks) else { return failure(.invalidRequiredAcks) }
        guard let handle = try? await broker.partitions(of: topic, create: true),
              handle.indices.contains(Int(data.index)) else { return failure(.unknownTopicOrPartition) }
        let partition = handle[Int(data.index)]
        guard let records = data.records, records.readableBytes > 0 else { return failure(.corruptMessage, "no records") }
        do {
            let appended = try await partition.partition.append(Array(records.readableBytesView))
            let start = await partition.partition.offsets.start
            let answer = Produce.Response.Partition(index: data.index, baseOffset: appended.baseOffset, logStartOffset: start)
            if acks == 0 {
                // Nobody waits, but the data must still become durable, and so visible to consumers.
                let commit = partition.commit
                Task { try? await commit.waitDurable(upTo: appended.nextOffset) }
                return (answer, nil)
            }
            return (answer, (partition.commit, appended.nextOffset))
        } catch LogError.invalidBatch(let error) {
            return failure(.corruptMessage, error.description)
        } catch LogError.batchTooLarge {
            return failure(.messageTooLarge)
        } catch let error as OutOfOrderSequence {
            return failure(.outOfOrderSequenceNumber, error.description)
        } catch {
            Self.report(error)
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
                } catch {
                    Self.report(error)
                    partitions.append(.init(partitionIndex: wanted.partition, errorCode: .unknownServerError,
                                            highWatermark: offsets.highWatermark, records: nil))
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
                let offset: Int64
                switch wanted.timestamp {
                case -2: offset = offsets.start            // earliest
                case -1: offset = offsets.highWatermark    // latest
                default:
                    do {
                        offset = try await handle.partition.offset(forTimestamp: wanted.timestamp) ?? offsets.highWatermark
                    } catch {
                        Self.report(error)
                        partitions.append(.init(partitionIndex: wanted.partitionIndex, errorCode: .unknownServerError))
                        continue
                    }
                }
                partitions.append(.init(partitionIndex: wanted.partitionIndex, timestamp: -1, offset: offset, leaderEpoch: 0))
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return ListOffsets.Response(topics: topics)
    }

    func offsetCommit(_ request: OffsetCommit.Request) async throws -> OffsetCommit.Response {
        let allowed = await broker.groups.mayCommit(groupID: request.groupID, generation: request.generationID,
                                                    memberID: request.memberID)
        var topics: [OffsetCommit.Response.Topic] = []
        for topic in request.topics {
            var partitions: [OffsetCommit.Response.Partition] = []
            for commit in topic.partitions {
                guard allowed == .none else {
                    partitions.append(.init(partitionIndex: commit.partitionIndex, errorCode: allowed))
                    continue
                }
                do {
                    try await broker.offsets.commit(group: request.groupID, topic: topic.name, partition: commit.partitionIndex,
                                                    offset: CommittedOffset(offset: commit.committedOffset,
                                                                            metadata: commit.committedMetadata))
                    partitions.append(.init(partitionIndex: commit.partitionIndex))
                } catch {
                    Self.report(error)
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
                do {
                    let committed = try await broker.offsets.fetch(group: request.groupID, topic: topic.name, partition: index)
                    partitions.append(.init(partitionIndex: index, committedOffset: committed?.offset ?? -1,
                                            metadata: committed?.metadata ?? ""))
                } catch {
                    Self.report(error)
                    partitions.append(.init(partitionIndex: index, committedOffset: -1, errorCode: .unknownServerError))
                }
            }
            topics.append(.init(name: topic.name, partitions: partitions))
        }
        return OffsetFetch.Response(topics: topics)
    }
}
