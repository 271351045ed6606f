/// Placeholder until the CQL protocol codec lands.
enum CQLProtocolPlaceholder {}
