//go:build js && wasm

// Command sockstar-wasm is sockstar for the browser playground: built for
// GOOS=js GOARCH=wasm, it runs in a Web Worker and runs the scenarios the
// page hands it on the simulated network (playground.Play), handing back
// each role's output, the expectations' verdict and the run's trace in
// every format the CLI writes.
package main

import (
	"context"
	"os"
	"sync/atomic"
	"syscall/js"

	"sockstar/cmd/playground"
	"sockstar/runtime/minijson"
	"sockstar/scenario"
)

// version is what the page shows of the module it runs.
const version = "sockstar playground 1"

// main publishes globalThis.sockstar = {version, run(request, onEvent)}
// and waits: the page (its worker) calls in. run returns a Promise at once
// and runs the scenario on a goroutine, so Go never waits on JavaScript.
func main() {
	// The page's file system starts empty; names resolve from /etc/hosts
	// as on a Debian machine.
	os.MkdirAll("/etc", 0o755)
	os.WriteFile("/etc/hosts", []byte(etcHosts), 0o644)
	api := js.Global().Get("Object").New()
	api.Set("version", version)
	api.Set("run", js.FuncOf(run))
	api.Set("type", js.FuncOf(typeLine))
	api.Set("endInput", js.FuncOf(endInput))
	js.Global().Set("sockstar", api)
	select {}
}

// run is sockstar.run(requestJSON, onEvent): onEvent gets each event as
// JSON while the run goes on; the promise resolves to the response's JSON.
func run(this js.Value, args []js.Value) any {
	var req playground.Request
	var bad error
	if len(args) < 1 || args[0].Type() != js.TypeString {
		bad = errString("sockstar.run(request, onEvent): request must be a JSON string")
	} else {
		bad = minijson.Unmarshal([]byte(args[0].String()), &req)
	}
	onEvent := js.Undefined()
	if len(args) > 1 && args[1].Type() == js.TypeFunction {
		onEvent = args[1]
	}
	promise := js.Global().Get("Promise")
	return promise.New(js.FuncOf(func(_ js.Value, pr []js.Value) any {
		resolve, reject := pr[0], pr[1]
		if bad != nil {
			reject.Invoke(bad.Error())
			return nil
		}
		typing := scenario.NewTyping()
		current.Store(typing)
		go func() {
			defer current.CompareAndSwap(typing, nil)
			resp := playground.Play(context.Background(), "/tmp", req, func(e playground.Event) {
				if onEvent.Type() == js.TypeFunction {
					onEvent.Invoke(string(minijson.Marshal(e)))
				}
			}, typing)
			resolve.Invoke(string(minijson.Marshal(resp)))
		}()
		return nil
	}))
}

// etcHosts is Debian's /etc/hosts for a machine named localhost.
const etcHosts = "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\nff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n"

// current is the typed input of the run going on, if any.
var current atomic.Pointer[scenario.Typing]

// typeLine is sockstar.type(role, text): text typed to role's input; it
// returns false when no run reads it.
func typeLine(this js.Value, args []js.Value) any {
	t := current.Load()
	if t == nil || len(args) < 2 {
		return false
	}
	return t.Type(args[0].String(), args[1].String())
}

// endInput is sockstar.endInput(role): role's input ends (Ctrl-D).
func endInput(this js.Value, args []js.Value) any {
	if t := current.Load(); t != nil && len(args) > 0 {
		t.End(args[0].String())
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }
