/// Placeholder until the CQL client lands.
enum CQLClientPlaceholder {}
