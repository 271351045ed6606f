import Foundation

/// This `box` executable, to start more of it: the demo's tasks, the
/// benchmarks' servers and demo. The path it was started by, else (started
/// through `PATH`) the running image's, read from `/proc/self/exe`.
enum BoxExecutable {
    static var path: String {
        let invoked = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
        if FileManager.default.isExecutableFile(atPath: invoked) { return invoked }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }
}
