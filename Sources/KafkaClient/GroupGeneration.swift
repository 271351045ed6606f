/// The consumer-group generation an offset commit speaks for.
///
/// Without group membership a consumer commits from outside the group
/// (generation -1, no member id), which Kafka accepts for groups with no
/// active members. A member of a group (`KafkaConsumer.subscribe`) commits
/// with the generation and member id it joined with (`groupGeneration`).
public struct GroupGeneration: Hashable, Sendable {
    /// The generation id; -1 outside the group.
    public var generationID: Int32
    /// The member id the coordinator gave; "" outside the group.
    public var memberID: String
    /// The static member id (`group.instance.id`), if any.
    public var groupInstanceID: String?

    /// A generation as a group member knows it.
    public init(generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }

    /// A commit from outside the group (simple consumers, `assign`).
    public static let outsideGroup = GroupGeneration(generationID: -1, memberID: "")
}
