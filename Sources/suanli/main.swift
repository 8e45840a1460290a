import SuanliCLI

SuanliCommand.run()
