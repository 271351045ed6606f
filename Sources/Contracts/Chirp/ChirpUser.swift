/// Chirp's user handles: how a user id is written in a chirp's `@mention`.
///
/// Users are integers on the wire; people mention each other by handle. A
/// handle is a short name followed by the id (`kai42` is user 42), so a
/// mention can be resolved to a user id without a directory service.
public enum ChirpUser {
    static let names = [
        "ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan", "jo",
        "kai", "lena", "mo", "nia", "omar", "pia", "quinn", "ravi", "sara", "tom",
        "uma", "vic", "wen", "xavi", "yara", "zoe", "ada", "bo", "cleo", "dev",
        "eva", "finn",
    ]

    /// The handle of user `id`, e.g. `kai42`.
    public static func handle(_ id: Int64) -> String {
        names[Int(id.magnitude % UInt64(names.count))] + String(id)
    }

    /// The user id a handle names, or nil when it is not a Chirp handle.
    public static func id(forHandle handle: String) -> Int64? {
        let digits = handle.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let id = Int64(String(digits.reversed())), id > 0 else { return nil }
        return self.handle(id) == handle.lowercased() ? id : nil
    }
}
