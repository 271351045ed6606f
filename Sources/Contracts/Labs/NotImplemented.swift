/// Thrown by a lab's starter code where the student has not written the step yet.
///
/// The lab checker shows a step whose code throws this as "not started",
/// rather than failing, and `make verify-labs` proves every step of every
/// starter throws it.
public struct NotImplemented: Error, CustomStringConvertible, Sendable {
    /// The lab step this code belongs to.
    public let step: Int
    /// The function to write.
    public let function: String
    /// The file it is in, as a path in the repository (`Labs/Log/LogSegment.swift`).
    public let file: String

    /// - Parameter file: the caller's `#fileID` (`LogStarter/LogSegment.swift`), kept as the file's path.
    public init(step: Int, function: String = #function, file: String = #fileID) {
        self.step = step
        self.function = function
        self.file = Self.path(ofFileID: file)
    }

    /// A `#fileID` as the file's path in the repository: a lab's starter
    /// module `<Lab>Starter` lives in `Labs/<Lab>/`, its solution
    /// `<Lab>Solution` in `Solutions/<Lab>/`; anything else stays as it is.
    public static func path(ofFileID id: String) -> String {
        guard let slash = id.firstIndex(of: "/") else { return id }
        let module = id[..<slash], name = id[id.index(after: slash)...]
        if module.hasSuffix("Starter") { return "Labs/\(module.dropLast("Starter".count))/\(name)" }
        if module.hasSuffix("Solution") { return "Solutions/\(module.dropLast("Solution".count))/\(name)" }
        return id
    }

    public var description: String {
        "not implemented yet: step \(step), \(function) in \(file)"
    }
}
