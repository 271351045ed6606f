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
    /// The file it is in (`Module/File.swift`).
    public let file: String

    public init(step: Int, function: String = #function, file: String = #fileID) {
        self.step = step
        self.function = function
        self.file = file
    }

    public var description: String {
        "not implemented yet: step \(step), \(function) in \(file)"
    }
}
