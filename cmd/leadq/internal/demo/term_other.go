//go:build !unix

package demo

import "os"

// termWidth returns the width of the terminal f, 0 when unknown.
func termWidth(*os.File) int { return 0 }
