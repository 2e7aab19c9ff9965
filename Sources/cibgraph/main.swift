import CIBGraphCLI

CIBGraphCommand.main()
