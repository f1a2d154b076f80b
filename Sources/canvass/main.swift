import CanvassCommands
import Foundation

exit(await Canvass.run(arguments: Array(CommandLine.arguments.dropFirst())))
