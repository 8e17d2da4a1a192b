//go:build !js && !wasip1

package playground

import (
	"os"
	"path/filepath"
	"testing"
)

// wasmBudget is issue 21's budget for the module as the page downloads it:
// the compressed wasm within 2 MiB.
const wasmBudget = 2 << 20

// The built module, brotli-compressed as build.mjs writes it for servers
// that send files as they are, stays within the budget.
func TestWasmWithinBudget(t *testing.T) {
	dist := needDist(t)
	fi, err := os.Stat(filepath.Join(dist, "sockstar.wasm.br"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > wasmBudget {
		t.Errorf("dist/sockstar.wasm.br is %d bytes, %d over the budget of %d (2 MiB)", fi.Size(), fi.Size()-wasmBudget, wasmBudget)
	}
	t.Logf("dist/sockstar.wasm.br: %d bytes, %d under the budget", fi.Size(), wasmBudget-fi.Size())
}
