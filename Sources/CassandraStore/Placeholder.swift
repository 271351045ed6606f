/// Placeholder until the store server lands.
enum CassandraStorePlaceholder {}
