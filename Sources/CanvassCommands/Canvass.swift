public import ArgumentParser

/// The `canvass` command: forms, responses, sending, collecting and comparing.
public struct Canvass: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "canvass",
        abstract: "Write forms, collect answers from providers, and compare them.",
        version: "0.1.0",
        subcommands: [
            Lint.self, Render.self, Fill.self, Finalize.self, OutboxCommand.self, Send.self, Serve.self,
            TokenCommand.self, Export.self, Summary.self, Compare.self, Report.self, Demo.self,
        ]
    )

    /// Creates the command; ArgumentParser fills in its options.
    public init() {}

    /// Runs `canvass` with `arguments` (without the program name) and returns its exit status.
    ///
    /// Output goes to `Console.current`, so tests can capture exactly what a user would read.
    public static func run(arguments: [String]) async -> Int32 {
        let console = Console.current
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            if Console.outputFailed.isSet {
                console.errorLine("error: could not write the output (is the disk full, or the pipe closed?)")
                return 2
            }
            return 0
        } catch let failure as CommandFailure {
            console.errorLine("error: \(failure.message)")
            return failure.exitStatus
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { console.line(message) } else { console.errorLine(message) }
            }
            // A mistake in the command line is wrong input: status 1, as DESIGN.md's exit statuses say.
            return code == .validationFailure ? 1 : code.rawValue
        }
    }
}
