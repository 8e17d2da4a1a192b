//go:build playground

package playground

import (
	"embed"
	"io/fs"
)

//go:embed dist/*.br dist/*.gz
var dist embed.FS

func init() {
	sub, err := fs.Sub(dist, "dist")
	if err == nil {
		Built = sub
	}
}
