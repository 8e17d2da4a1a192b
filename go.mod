module sockstar

go 1.26.8

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
	github.com/chzyer/readline v1.5.1
	github.com/creack/pty v1.1.24
	github.com/gopacket/gopacket v1.6.0
	github.com/stretchr/testify v1.12.1
	go.starlark.net v0.0.0-20260908191801-89a6a09411d5
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/net v0.39.0 // indirect
	golang.org/x/sys v0.42.0 // indirect
)

// go.starlark.net is kept in the tree at the upstream commit above, with the
// project's interpreter speed-ups on top: see README, "Tracking go.starlark.net".
replace go.starlark.net => ./runtime/go.starlark.net
