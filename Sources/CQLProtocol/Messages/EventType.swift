/// The kinds of event a connection can REGISTER for (spec §4.1.8, §4.2.6).
public enum EventType: String, CaseIterable, Hashable, Sendable {
    case topologyChange = "TOPOLOGY_CHANGE"
    case statusChange = "STATUS_CHANGE"
    case schemaChange = "SCHEMA_CHANGE"
}
