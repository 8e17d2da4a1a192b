// Package playground is sockstar's browser playground: the run the page
// asks for (Play), the page itself (src/, built into dist/ by build.mjs),
// and the built files for `sockstar playground`: a binary built with -tags
// playground carries them (compressed); any other finds dist/ in the
// clone it runs in.
package playground

import "io/fs"

// Built is the playground's files, each as NAME.br and NAME.gz; nil when
// the binary was built without them.
var Built fs.FS

// BuildCommand is what builds dist/ from a clone.
const BuildCommand = "npm --prefix cmd/playground ci && npm --prefix cmd/playground run build"
