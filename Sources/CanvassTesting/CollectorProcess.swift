public import CanvassCommands
public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real collector for tests: `canvass serve` started as a child process on 127.0.0.1 and a port the system chose,
/// read from the `listening on` line it prints once it accepts connections.
///
/// A test must stop it (`kill()` or `stop()`), also when it fails: both reap the child.
public struct CollectorProcess: Sendable {
    /// The built `canvass` executable the collector runs as.
    public static let executable = repositoryRoot + "/.build/debug/canvass"

    /// The child process.
    public let child: ChildProcess
    /// The collector's address, e.g. `http://127.0.0.1:41234`.
    public let url: URL
    /// The file its standard output and error go to.
    public let outputPath: String

    /// Starts `canvass serve` on `data`, serving the shipped forms, and returns once it is listening.
    ///
    /// Throws, with what the collector printed, if it exits first or is not listening within a minute (a guard
    /// against a hang, not a timing requirement).
    public static func start(
        data: String, outputPath: String, arguments: [String] = []
    ) async throws -> CollectorProcess {
        let child = try ChildProcess.start(
            executable,
            arguments: ["serve", "--data", data, "--forms", repositoryRoot + "/Forms", "--port", "0"] + arguments,
            outputPath: outputPath)
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let output = Self.read(outputPath)
            if let url = Self.address(in: output) {
                return CollectorProcess(child: child, url: url, outputPath: outputPath)
            }
            if Self.hasExited(child.pid) {
                let termination = child.wait()
                throw CollectorProcessError(message: "canvass serve \(termination) before listening:\n\(output)")
            }
            if ContinuousClock.now > deadline {
                child.kill()
                _ = child.wait()
                throw CollectorProcessError(message: "canvass serve was not listening after a minute:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Kills the collector with SIGKILL (no chance to finish anything) and reaps it.
    @discardableResult
    public func kill() -> ChildProcess.Termination {
        child.kill()
        return child.wait()
    }

    /// Sends SIGTERM without waiting (the collector finishes what is in flight, then exits).
    public func terminate() { _ = systemKill(child.pid, SIGTERM) }

    /// Asks the collector to stop with SIGTERM, as an operator would, and reaps it; if it has not stopped within
    /// `grace`, kills it.
    public func stop(grace: Duration = .seconds(30)) async -> ChildProcess.Termination {
        _ = systemKill(child.pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while !Self.hasExited(child.pid) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return kill()
    }

    /// Everything the collector has printed so far.
    public var output: String { Self.read(outputPath) }

    /// The address on the `canvass serve: listening on http://…` line, if it has been printed.
    static func address(in output: String) -> URL? {
        guard let start = output.range(of: "canvass serve: listening on ")?.upperBound else { return nil }
        let rest = output[start...]
        guard let end = rest.firstIndex(where: { $0 == " " || $0 == "\n" }) else { return nil }
        return URL(string: String(rest[..<end]))
    }

    private static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Whether the child has ended, without reaping it (`WNOWAIT`), so `ChildProcess.wait()` still can.
    private static func hasExited(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info.si_signo == SIGCHLD
    }
}

/// A collector that could not be started.
public struct CollectorProcessError: Error, Sendable, CustomStringConvertible {
    /// What happened, with the collector's output.
    public var message: String

    public var description: String { message }
}

/// Makes a token with `canvass token create` (in-process) and returns it, or `nil` with the command's output if
/// the command failed.
public func makeCollectorToken(
    data: String, role: String = "submitter", organisation: String? = "Riverside Community Trust", forms: [String]
) async -> (token: String?, run: CommandRun) {
    var arguments = ["token", "create", "--data", data, "--role", role]
    if let organisation { arguments += ["--org", organisation] }
    for form in forms { arguments += ["--form", form] }
    let run = await runCanvass(arguments)
    let last = run.output.split(separator: "\n").last.map(String.init)
    return (run.status == 0 && last?.hasPrefix("canvass_") == true ? last : nil, run)
}

/// `kill(2)`, named apart from `CollectorProcess.kill()`.
private func systemKill(_ pid: pid_t, _ signal: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.kill(pid, signal)
    #else
        Darwin.kill(pid, signal)
    #endif
}
