import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program a test starts with `posix_spawn`, then stops with SIGKILL or waits for.
///
/// Foundation's `Process` can start children with SIGTERM blocked on Linux (STYLE.md), so a test stops a child with
/// `kill()` (SIGKILL) and always reaps it with `wait()`, which also keeps its pid from being reused meanwhile.
public struct ChildProcess: Sendable {
    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal, such as SIGKILL, ended it.
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// The child's process id.
    public let pid: Int32

    /// Starts `executable` with `arguments`, reading `inputPath` (or /dev/null) as standard input, its standard
    /// output and error going to `outputPath` (or to /dev/null), with no signals blocked and the default action for SIGTERM, SIGINT and SIGPIPE.
    public static func start(
        _ executable: String, arguments: [String], outputPath: String? = nil, inputPath: String? = nil,
        extraEnvironment: [String: String] = [:]
    ) throws(ChildProcessError) -> ChildProcess {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        let output = outputPath ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 0, inputPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extraEnvironment) { _, new in new }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildProcessError(executable: executable, code: result) }
        return ChildProcess(pid: pid)
    }

    /// Sends SIGKILL. Harmless if the child has already exited, as long as it has not been reaped.
    public func kill() {
        _ = systemKill(pid, SIGKILL)
    }

    /// Waits for the child to end and reaps it.
    public func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        // WIFEXITED and friends are C macros Swift cannot call.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}

/// A child process that could not be started.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// The program that was to run.
    public var executable: String
    /// The `posix_spawn` error number.
    public var code: Int32

    public var description: String { "could not start \(executable): \(String(cString: strerror(code)))" }
}

/// `kill(2)`, named apart from `ChildProcess.kill()`.
private func systemKill(_ pid: pid_t, _ signal: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.kill(pid, signal)
    #else
        Darwin.kill(pid, signal)
    #endif
}
