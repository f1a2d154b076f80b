import CanvassCommands
import Foundation
import NIOCore
import NIOPosix

// Swift concurrency runs on SwiftNIO's event loops, so the collector's requests are not handed between two pools
// of threads (measured by Benchmarks/collector.sh). Done first, before any task runs.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
// A closed pipe is reported as a failed write (exit 2), not a silent death by SIGPIPE.
signal(SIGPIPE, SIG_IGN)
exit(await Canvass.run(arguments: Array(CommandLine.arguments.dropFirst())))
