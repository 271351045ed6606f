import Foundation

/// Where SwiftPM put this build's executables, so a test can run `box` or a
/// fixture as a real process, the way a student or a real client would.
public enum BuiltProducts {
    /// The build's products folder (e.g. `.build/debug`).
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["BOX_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        #if os(macOS)
        // Swift Testing runs the bundle in a helper: find it in the arguments or the loaded bundles.
        let arguments = CommandLine.arguments
        if let i = arguments.firstIndex(of: "--test-bundle-path"), i + 1 < arguments.count {
            return URL(fileURLWithPath: arguments[i + 1]).deletingLastPathComponent()
        }
        if let bundle = (Bundle.allBundles + Bundle.allFrameworks).first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        // Last resort: the package's own debug build folder.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
        #else
        return (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        #endif
    }

    /// The executable product `name` of this build.
    public static func executable(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// Runs product `name` with `arguments` to completion.
    public static func run(_ name: String, _ arguments: [String]) throws -> ToolRun {
        try ToolRun.run(executable(name), arguments)
    }
}

