import ArgumentParser

/// `box`: one launcher for every part of the startup in a box, like the real
/// systems' own launchers but under one roof.
@main
struct Box: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "box",
        abstract: "Big Fast Data in a Box: Chirp, a real-time analytics startup on one laptop.",
        subcommands: [
            Broker.self, Store.self, API.self, Stream.self, Batch.self, Scheduler.self, Notebook.self,
            Load.self, Demo.self, Bench.self,
        ])
}
