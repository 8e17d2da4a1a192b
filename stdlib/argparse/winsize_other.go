//go:build !linux && !darwin

package argparse

import "os"

// terminalColumns: no terminal size is asked here, so help is 80 wide.
func terminalColumns(*os.File) int { return 0 }
