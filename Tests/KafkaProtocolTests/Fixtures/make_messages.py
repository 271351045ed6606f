# Writes the hex fixtures in MessageFixtures.swift with kafka-python's own
# encoders (pip install kafka-python; tested with 3.0.12, whose kafka.protocol
# classes are generated from Apache Kafka's message JSON files).
#
#     python3 Tests/KafkaProtocolTests/Fixtures/make_messages.py
#
# For every API and version we serve, builds one representative request and
# one response and prints its body (no size, no header) as hex. The values
# are the same as MessageSamples.swift builds: change both together.
# `since(v, n, x, default)` is x from version n on, else the default (what a
# reader of that version gets for a field it does not have).
from kafka.protocol.metadata import (MetadataRequest, MetadataResponse, FindCoordinatorRequest,
                                     FindCoordinatorResponse)
from kafka.protocol.producer import (ProduceRequest, ProduceResponse, InitProducerIdRequest,
                                     InitProducerIdResponse)
from kafka.protocol.consumer import (FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse,
                                     JoinGroupRequest, JoinGroupResponse, SyncGroupRequest, SyncGroupResponse,
                                     HeartbeatRequest, HeartbeatResponse, LeaveGroupRequest, LeaveGroupResponse,
                                     OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest,
                                     OffsetFetchResponse)


def since(v, n, value, default):
    return value if v >= n else default


# MARK: Metadata

def metadata_request(v):
    T = MetadataRequest.MetadataRequestTopic
    topics = None if v in (1, 4, 7) else [T(name="chirps"), T(name="users")]
    return MetadataRequest(topics=topics, allow_auto_topic_creation=since(v, 4, False, True),
                           include_cluster_authorized_operations=since(v, 8, True, False),
                           include_topic_authorized_operations=since(v, 8, True, False), version=v)


def metadata_response(v):
    R = MetadataResponse
    B, T, P = R.MetadataResponseBroker, R.MetadataResponseTopic, R.MetadataResponseTopic.MetadataResponsePartition
    # kafka-python takes the authorized-operations bit fields as sets of bit
    # numbers; None is "not requested" (bit 31 alone, Int32.min).
    return R(throttle_time_ms=since(v, 3, 7, 0),
             brokers=[B(node_id=1, host="broker-1", port=9092, rack=since(v, 1, "rack-a", None)),
                      B(node_id=2, host="broker-2", port=9093, rack=None)],
             cluster_id=since(v, 2, "box-cluster", None), controller_id=since(v, 1, 1, -1),
             topics=[T(error_code=0, name="chirps", is_internal=False,
                       partitions=[P(error_code=0, partition_index=0, leader_id=1, leader_epoch=since(v, 7, 5, -1),
                                     replica_nodes=[1, 2], isr_nodes=[1, 2], offline_replicas=[]),
                                   P(error_code=9, partition_index=1, leader_id=2, leader_epoch=since(v, 7, 3, -1),
                                     replica_nodes=[2, 1], isr_nodes=[2], offline_replicas=since(v, 5, [1], []))],
                       authorized_operations=since(v, 8, {3, 4, 5}, None)),
                     T(error_code=3, name="missing", is_internal=False, partitions=[], authorized_operations=None),
                     T(error_code=0, name="__consumer_offsets", is_internal=since(v, 1, True, False),
                       partitions=[P(error_code=0, partition_index=0, leader_id=1, leader_epoch=since(v, 7, 0, -1),
                                     replica_nodes=[1], isr_nodes=[1], offline_replicas=[])],
                       authorized_operations=None)],
             authorized_operations=since(v, 8, {2, 7}, None), version=v)


# MARK: Produce

def produce_request(v):
    T = ProduceRequest.TopicProduceData
    P = T.PartitionProduceData
    return ProduceRequest(transactional_id="tx-1" if v % 2 else None, acks=-1, timeout_ms=1500,
                          topic_data=[T(name="chirps", partition_data=[P(index=0, records=b"batch-0"),
                                                                       P(index=1, records=None)]),
                                      T(name="users", partition_data=[P(index=2, records=b"")])],
                          version=v)


def produce_response(v):
    T = ProduceResponse.TopicProduceResponse
    P = T.PartitionProduceResponse
    E = P.BatchIndexAndErrorMessage
    return ProduceResponse(
        responses=[T(name="chirps", partition_responses=[
            P(index=0, error_code=0, base_offset=100, log_append_time_ms=-1,
              log_start_offset=since(v, 5, 5, -1), record_errors=[], error_message=None),
            P(index=1, error_code=87, base_offset=-1, log_append_time_ms=1700000000000, log_start_offset=-1,
              record_errors=since(v, 8, [E(batch_index=0, batch_index_error_message="bad crc"),
                                         E(batch_index=2, batch_index_error_message=None)], []),
              error_message=since(v, 8, "invalid record", None))])],
        throttle_time_ms=3, version=v)


# MARK: Fetch

def fetch_request(v):
    T = FetchRequest.FetchTopic
    P = T.FetchPartition
    F = FetchRequest.ForgottenTopic
    return FetchRequest(
        replica_id=-1, max_wait_ms=500, min_bytes=1, max_bytes=52428800, isolation_level=1,
        session_id=since(v, 7, 12, 0), session_epoch=since(v, 7, 3, -1),
        topics=[T(topic="chirps", partitions=[
                    P(partition=0, current_leader_epoch=since(v, 9, 4, -1), fetch_offset=100,
                      log_start_offset=since(v, 5, 7, -1), partition_max_bytes=1048576),
                    P(partition=1, current_leader_epoch=-1, fetch_offset=0, log_start_offset=-1,
                      partition_max_bytes=65536)]),
                T(topic="users", partitions=[])],
        forgotten_topics_data=since(v, 7, [F(topic="old", partitions=[0, 2])], []),
        rack_id=since(v, 11, "rack-a", ""), version=v)


def fetch_response(v):
    T = FetchResponse.FetchableTopicResponse
    P = T.PartitionData
    A = P.AbortedTransaction
    return FetchResponse(
        throttle_time_ms=0, error_code=0, session_id=since(v, 7, 12, 0),
        responses=[T(topic="chirps", partitions=[
            P(partition_index=0, error_code=0, high_watermark=103, last_stable_offset=103,
              log_start_offset=since(v, 5, 0, -1), aborted_transactions=[A(producer_id=4000, first_offset=101)],
              preferred_read_replica=since(v, 11, 2, -1), records=b"batch-100"),
            P(partition_index=1, error_code=1, high_watermark=10, last_stable_offset=-1, log_start_offset=-1,
              aborted_transactions=None, preferred_read_replica=-1, records=None)])],
        version=v)


# MARK: ListOffsets

def list_offsets_request(v):
    T = ListOffsetsRequest.ListOffsetsTopic
    P = T.ListOffsetsPartition
    return ListOffsetsRequest(
        replica_id=-1, isolation_level=since(v, 2, 1, 0),
        topics=[T(name="chirps", partitions=[P(partition_index=0, current_leader_epoch=since(v, 4, 5, -1), timestamp=-1),
                                             P(partition_index=1, current_leader_epoch=-1, timestamp=-2)]),
                T(name="users", partitions=[P(partition_index=0, current_leader_epoch=-1, timestamp=1700000000000)])],
        version=v)


def list_offsets_response(v):
    T = ListOffsetsResponse.ListOffsetsTopicResponse
    P = T.ListOffsetsPartitionResponse
    return ListOffsetsResponse(
        throttle_time_ms=since(v, 2, 2, 0),
        topics=[T(name="chirps", partitions=[
            P(partition_index=0, error_code=0, timestamp=-1, offset=103, leader_epoch=since(v, 4, 5, -1)),
            P(partition_index=1, error_code=6, timestamp=-1, offset=-1, leader_epoch=-1)])],
        version=v)


# MARK: FindCoordinator

def find_coordinator_request(v):
    return FindCoordinatorRequest(key="chirp-readers", key_type=since(v, 2, 1, 0), version=v)


def find_coordinator_response(v):
    return FindCoordinatorResponse(throttle_time_ms=since(v, 1, 4, 0), error_code=15 if v == 2 else 0,
                                   error_message=since(v, 2, "loading", None), node_id=1, host="localhost",
                                   port=9092, version=v)


# MARK: Groups

def join_group_request(v):
    P = JoinGroupRequest.JoinGroupRequestProtocol
    return JoinGroupRequest(group_id="chirp-readers", session_timeout_ms=10000,
                            rebalance_timeout_ms=since(v, 1, 30000, -1), member_id=since(v, 1, "member-1", ""),
                            group_instance_id=since(v, 5, "static-1", None), protocol_type="consumer",
                            protocols=[P(name="range", metadata=b"\x00\x01sub"), P(name="roundrobin", metadata=b"")],
                            version=v)


def join_group_response(v):
    M = JoinGroupResponse.JoinGroupResponseMember
    return JoinGroupResponse(throttle_time_ms=since(v, 2, 6, 0), error_code=0, generation_id=3, protocol_name="range",
                             leader="member-1", member_id="member-1",
                             members=[M(member_id="member-1", group_instance_id=since(v, 5, "static-1", None),
                                        metadata=b"\x00\x01m1"),
                                      M(member_id="member-2", group_instance_id=None, metadata=b"")],
                             version=v)


def sync_group_request(v):
    A = SyncGroupRequest.SyncGroupRequestAssignment
    return SyncGroupRequest(group_id="chirp-readers", generation_id=3, member_id="member-1",
                            group_instance_id=since(v, 3, "static-1", None),
                            assignments=[A(member_id="member-1", assignment=b"\x00\x01a1"),
                                         A(member_id="member-2", assignment=b"")],
                            version=v)


def sync_group_response(v):
    return SyncGroupResponse(throttle_time_ms=since(v, 1, 1, 0), error_code=0, assignment=b"\x00\x01a1", version=v)


def heartbeat_request(v):
    return HeartbeatRequest(group_id="chirp-readers", generation_id=3, member_id="member-1",
                            group_instance_id=since(v, 3, "static-1", None), version=v)


def heartbeat_response(v):
    return HeartbeatResponse(throttle_time_ms=since(v, 1, 1, 0), error_code=27, version=v)


def leave_group_request(v):
    M = LeaveGroupRequest.MemberIdentity
    return LeaveGroupRequest(group_id="chirp-readers", member_id=since(v, 3, "", "member-1"),
                             members=since(v, 3, [M(member_id="member-1", group_instance_id="static-1"),
                                                  M(member_id="member-2", group_instance_id=None)], []),
                             version=v)


def leave_group_response(v):
    M = LeaveGroupResponse.MemberResponse
    return LeaveGroupResponse(throttle_time_ms=since(v, 1, 1, 0), error_code=0,
                              members=since(v, 3, [M(member_id="member-1", group_instance_id="static-1", error_code=0),
                                                   M(member_id="member-2", group_instance_id=None, error_code=25)], []),
                              version=v)


# MARK: Offsets

def offset_commit_request(v):
    T = OffsetCommitRequest.OffsetCommitRequestTopic
    P = T.OffsetCommitRequestPartition
    return OffsetCommitRequest(
        group_id="chirp-readers", generation_id_or_member_epoch=3, member_id="member-1",
        group_instance_id=since(v, 7, "static-1", None), retention_time_ms=86400000 if v <= 4 else -1,
        topics=[T(name="chirps", partitions=[
            P(partition_index=0, committed_offset=103, committed_leader_epoch=since(v, 6, 5, -1),
              committed_metadata="checkpoint"),
            P(partition_index=1, committed_offset=7, committed_leader_epoch=-1, committed_metadata=None)])],
        version=v)


def offset_commit_response(v):
    T = OffsetCommitResponse.OffsetCommitResponseTopic
    P = T.OffsetCommitResponsePartition
    return OffsetCommitResponse(
        throttle_time_ms=since(v, 3, 2, 0),
        topics=[T(name="chirps", partitions=[P(partition_index=0, error_code=0), P(partition_index=1, error_code=22)]),
                T(name="users", partitions=[])],
        version=v)


def offset_fetch_request(v):
    T = OffsetFetchRequest.OffsetFetchRequestTopic
    topics = None if v in (2, 4) else [T(name="chirps", partition_indexes=[0, 1]), T(name="users", partition_indexes=[])]
    return OffsetFetchRequest(group_id="chirp-readers", topics=topics, version=v)


def offset_fetch_response(v):
    T = OffsetFetchResponse.OffsetFetchResponseTopic
    P = T.OffsetFetchResponsePartition
    return OffsetFetchResponse(
        throttle_time_ms=since(v, 3, 2, 0),
        topics=[T(name="chirps", partitions=[
            P(partition_index=0, committed_offset=103, committed_leader_epoch=since(v, 5, 5, -1), metadata="checkpoint",
              error_code=0),
            P(partition_index=1, committed_offset=-1, committed_leader_epoch=-1, metadata=None, error_code=0)])],
        error_code=14 if v == 4 else 0, version=v)


# MARK: InitProducerId

def init_producer_id_request(v):
    return InitProducerIdRequest(transactional_id=since(v, 1, "tx-1", None), transaction_timeout_ms=60000, version=v)


def init_producer_id_response(v):
    return InitProducerIdResponse(throttle_time_ms=0, error_code=0, producer_id=4000, producer_epoch=3, version=v)


APIS = [
    ("metadata", range(0, 9), metadata_request, metadata_response),
    ("produce", range(3, 9), produce_request, produce_response),
    ("fetch", range(4, 12), fetch_request, fetch_response),
    ("listOffsets", range(1, 6), list_offsets_request, list_offsets_response),
    ("findCoordinator", range(0, 3), find_coordinator_request, find_coordinator_response),
    ("joinGroup", range(0, 6), join_group_request, join_group_response),
    ("syncGroup", range(0, 4), sync_group_request, sync_group_response),
    ("heartbeat", range(0, 4), heartbeat_request, heartbeat_response),
    ("leaveGroup", range(0, 4), leave_group_request, leave_group_response),
    ("offsetCommit", range(2, 8), offset_commit_request, offset_commit_response),
    ("offsetFetch", range(1, 6), offset_fetch_request, offset_fetch_response),
    ("initProducerID", range(0, 2), init_producer_id_request, init_producer_id_response),
]


def swift_hex(data, indent):
    text = data.hex()
    if len(text) <= 80:
        return 'hex("%s")' % text
    lines = [text[i:i + 100] for i in range(0, len(text), 100)]
    pad = " " * (indent + 4)
    return 'hex("""\n' + "".join(pad + line + "\\\n" for line in lines[:-1]) + pad + lines[-1] + '\n' + pad + '""")'


def main():
    print("    // Generated by Fixtures/make_messages.py (kafka-python %s)." % __import__("kafka").__version__)
    for kind, index in (("requests", 2), ("responses", 3)):
        print("    static let %s: [ApiKey: [Int16: [UInt8]]] = [" % kind)
        for api in APIS:
            print("        .%s: [" % api[0])
            for v in api[1]:
                print("            %d: %s," % (v, swift_hex(api[index](v).encode(version=v), 12)))
            print("        ],")
        print("    ]")


if __name__ == "__main__":
    main()
