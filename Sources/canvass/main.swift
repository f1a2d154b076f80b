import CanvassCommands
import Foundation

// A closed pipe is reported as a failed write (exit 2), not a silent death by SIGPIPE.
signal(SIGPIPE, SIG_IGN)
exit(await Canvass.run(arguments: Array(CommandLine.arguments.dropFirst())))
