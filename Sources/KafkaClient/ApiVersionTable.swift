import KafkaProtocol

/// The version of each API to use on one connection: for every API both
/// sides speak, the highest version in both ranges, min(broker max, our max).
public struct ApiVersionTable: Hashable, Sendable {
    /// The chosen version per API; an API missing here cannot be used.
    public private(set) var versions: [ApiKey: Int16]

    /// Intersects the broker's ranges (from ApiVersions) with the versions
    /// `ApiKey.supportedVersions` lists.
    public init(broker: [ApiVersions.Range]) {
        var versions: [ApiKey: Int16] = [:]
        for range in broker {
            guard let api = ApiKey(rawValue: range.apiKey) else { continue }
            let ours = api.supportedVersions
            let high = min(range.maxVersion, ours.upperBound)
            if high >= max(range.minVersion, ours.lowerBound) { versions[api] = high }
        }
        self.versions = versions
    }

    /// The version to send `api` in, nil when the broker serves none we speak.
    public subscript(api: ApiKey) -> Int16? { versions[api] }
}
