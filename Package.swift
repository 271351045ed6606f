// swift-tools-version:6.1
//
// Big Fast Data in a Box: one package, six labs and a capstone.
//
// Dependencies point one way: the contracts in `Sources/` ← each lab's starter
// (`Labs/<Stage>`) and solution (`Solutions/<Stage>`) ← the `box` tool and the
// capstone. Each lab's suite (`Tests/Suites/<Stage>Suite`) is written once and
// runs against either track, through its `check-<lab>` executable (`make check`)
// or through `swift test` (the solution track).
import PackageDescription

/// Registers one lab: starter and solution targets, the suite, the check
/// executable that `make check LAB=<lab>` runs, and the `swift test` target.
func lab(_ stage: String, executable: String, suiteDependencies: [Target.Dependency] = [],
         labDependencies: [Target.Dependency] = []) -> [Target] {
    func target(_ name: String) -> Target.Dependency { .target(name: name) }
    return [
        .target(name: "\(stage)Starter", dependencies: ["Contracts"] + labDependencies, path: "Labs/\(stage)",
                exclude: ["README.md"]),
        .target(name: "\(stage)Solution", dependencies: ["Contracts"] + labDependencies, path: "Solutions/\(stage)"),
        .target(name: "\(stage)Suite", dependencies: ["Contracts", "LabKit"] + suiteDependencies,
                path: "Tests/Suites/\(stage)Suite"),
        .executableTarget(name: executable,
                          dependencies: ["LabKit", target("\(stage)Suite"), target("\(stage)Starter"),
                                         target("\(stage)Solution")],
                          path: "Tests/Checks/\(stage)Check"),
        .testTarget(name: "\(stage)Tests",
                    dependencies: ["LabKit", target("\(stage)Suite"), target("\(stage)Solution")]),
    ]
}

let labs: [(stage: String, executable: String, suiteDependencies: [Target.Dependency], labDependencies: [Target.Dependency])] = [
    ("Warmup", "check-warmup", [], []),
    ("Log", "check-log", ["KafkaProtocol", .product(name: "NIOCore", package: "swift-nio")], []),
    ("Store", "check-store", [], []),
    ("Streaming", "check-streaming", ["StreamProcessing"], []),
    ("API", "check-api", [], []),
    ("Scheduler", "check-scheduler", [], []),
    // Markdown cells are parsed by Ink; batch cells run in the given SQLite.
    ("Notebook", "check-notebook", ["NotebookData"], [.product(name: "Ink", package: "Ink")]),
]

let package = Package(
    name: "big-fast-data-in-a-box",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "box", targets: ["box"]),
        .executable(name: "slides", targets: ["SlidesTool"]),
    ] + labs.map { .executable(name: $0.executable, targets: [$0.executable]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The API's HTTP server (default traits off: no swift-configuration).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The notebook: its WebSocket channel, and markdown cells.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // Shared contracts: the Chirp event model, the workload generator and
        // the protocols each lab implements. Foundation only.
        .target(name: "Contracts", dependencies: ["CCRC32C"]),
        // CRC-32C with the processor's instruction (SSE 4.2, ARMv8 CRC32).
        .target(name: "CCRC32C"),
        // Lab-check support: steps, the not-implemented error, the step runner.
        .target(name: "LabKit", dependencies: ["Contracts", "CLabSupport"]),
        .target(name: "CLabSupport"),
        // Kafka's wire format: primitive types, record batch v2, and the
        // request/response codecs of every API we serve (given plumbing for
        // the log lab).
        .target(name: "KafkaProtocol", dependencies: [
            "Contracts", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The Kafka-compatible broker, generic over the log lab's contracts.
        .target(name: "KafkaBroker", dependencies: [
            "Contracts", "KafkaProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The Kafka client: connections, producer and consumer (async/await), for the ingest API, streaming jobs and capstone.
        .target(name: "KafkaClient", dependencies: [
            "Contracts", "KafkaProtocol",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // The CQL language (given plumbing for the store lab): data types, value
        // serialization, and the parser of the CQL subset we serve. Foundation only.
        .target(name: "CQL"),
        // Cassandra's native protocol v4: frames and messages (codec only).
        .target(name: "CQLProtocol", dependencies: [
            "CQL", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The Cassandra-compatible store: CQL server, query processor, schema and
        // system tables, generic over the store lab's contracts.
        .target(name: "CassandraStore", dependencies: [
            "Contracts", "CQL", "CQLProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The CQL client (native protocol v4), for the streaming sink and the capstone.
        .target(name: "CQLClient", dependencies: [
            "CQL", "CQLProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // The stream processor's given plumbing (streaming lab): sources, sinks,
        // the micro-batch job runner and the jobs, generic over the lab's contract.
        .target(name: "StreamProcessing", dependencies: ["Contracts", "KafkaClient", "CQLClient", "CQL", "CQLProtocol"]),
        // The ingest API's given plumbing: HTTP server and routes (Hummingbird 2),
        // auth, body limits, problem+json errors, /openapi.json, /metrics, /healthz,
        // and the sinks events are published to (a Kafka topic, or memory).
        .target(name: "ChirpAPI", dependencies: [
            "Contracts", "KafkaClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The Mesos-style master and agent (given plumbing for the scheduler
        // lab): the v1 scheduler HTTP API, the agent's launcher, the registry
        // in SQLite, a Swift framework driver and the Marathon-like framework.
        .target(name: "Mesos", dependencies: [
            "Contracts", "CSQLite",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The notebook's batch SQL engine: SQLite in memory (given plumbing for the notebook lab).
        .target(name: "NotebookData", dependencies: ["Contracts", "CSQLite"]),
        // The notebook's server (given plumbing for the notebook lab): the page,
        // Jupyter's contents API, a WebSocket per session, the data sources.
        .target(name: "NotebookServer", dependencies: [
            "Contracts", "NotebookData", "StreamProcessing", "CQLClient", "CQL",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The system SQLite: the store benchmark's anchor, and the scheduler's registry.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite",
                       providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // The one command-line tool.
        .executableTarget(name: "box", dependencies: [
            "Contracts", "KafkaBroker", "KafkaProtocol", "LogStarter", "LogSolution", "CSQLite",
            "CassandraStore", "CQL", "StoreStarter", "StoreSolution",
            "StreamProcessing", "StreamingStarter", "StreamingSolution", "KafkaClient",
            "ChirpAPI", "APIStarter", "APISolution", "Mesos", "SchedulerStarter", "SchedulerSolution",
            "NotebookServer", "NotebookStarter", "NotebookSolution",
            .product(name: "Hummingbird", package: "hummingbird"),
            // The demo's latency probe talks to the notebook as a browser tab does.
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/Box"),

        // The workshop's slides: Markdown decks rendered to HTML (`make slides`).
        .target(name: "SlideDeck", dependencies: [.product(name: "Ink", package: "Ink")]),
        .executableTarget(name: "SlidesTool", dependencies: ["SlideDeck"], path: "Sources/SlidesTool"),
        .testTarget(name: "SlideDeckTests", dependencies: ["SlideDeck"]),

        .testTarget(name: "ContractsTests", dependencies: ["Contracts"]),
        .testTarget(name: "MesosTests", dependencies: [
            "Mesos", "Contracts", "SchedulerSolution",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "NotebookServerTests", dependencies: ["NotebookServer", "Contracts", "NotebookSolution"]),
        .testTarget(name: "CQLTests", dependencies: ["CQL"]),
        .testTarget(name: "CassandraStoreTests", dependencies: [
            "CassandraStore", "CQLClient", "CQLProtocol", "CQL", "Contracts", "StoreSolution",
        ]),
        .testTarget(name: "CQLProtocolTests", dependencies: [
            "CQL", "CQLProtocol", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "CQLServerTests", dependencies: [
            "CassandraStore", "CQLClient", "CQLProtocol", "CQL",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "KafkaProtocolTests", dependencies: [
            "Contracts", "KafkaProtocol", .product(name: "NIOEmbedded", package: "swift-nio"),
        ], exclude: ["Fixtures"]),
        .executableTarget(name: "labkit-fixture", dependencies: ["Contracts", "LabKit"],
                          path: "Tests/Fixtures/LabKitFixture"),
        .testTarget(name: "LabKitTests", dependencies: ["LabKit", "labkit-fixture"]),
        .testTarget(name: "BoxTests", dependencies: ["LabKit", "box"]),
        .testTarget(name: "ChirpAPITests", dependencies: [
            "ChirpAPI", "Contracts", "KafkaClient", "KafkaBroker", "LogSolution", "APISolution",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .testTarget(name: "StreamJobTests", dependencies: ["LabKit", "box", "Contracts", "StreamProcessing", "KafkaClient", "CQLClient"]),
        .testTarget(name: "BrokerInteropTests", dependencies: [
            "LabKit", "box", "KafkaProtocol", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "KafkaBrokerTests", dependencies: [
            "KafkaBroker", "KafkaProtocol", "LogSolution", "Contracts", .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "KafkaClientTests", dependencies: [
            "KafkaClient", "KafkaBroker", "LogSolution", "Contracts", "KafkaProtocol",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ], exclude: ["Fixtures"]),
    ] + labs.flatMap { lab($0.stage, executable: $0.executable, suiteDependencies: $0.suiteDependencies,
                           labDependencies: $0.labDependencies) }
)
